using Microsoft.Extensions.Options;
using Nmpi.Adapters.Execution;
using Nmpi.Api.Platforms;
using Nmpi.Client;

namespace Nmpi.Adapters;

/// <summary>Refuses to start an adapter whose configuration cannot work.</summary>
public sealed class AdapterOptionsValidator : IValidateOptions<AdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, AdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateGateways(options, failures);

        if (!string.IsNullOrEmpty(options.ApiKeyFile))
        {
            if (ProviderKeyFile.Problem(options.ApiKeyFile) is { } problem)
            {
                failures.Add(problem);
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{AdapterOptions.Section}:ApiKeyFile (or, discouraged, ApiKey) is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{AdapterOptions.Section}:Name is required.");
        }

        if (PlatformCatalog.Find(options.Platform) is null)
        {
            var known = string.Join(", ", PlatformCatalog.All.Select(p => p.Name));
            failures.Add($"{AdapterOptions.Section}:Platform must be one of {known}.");
        }

        if (options.Capacity is < 1 or > 1000)
        {
            failures.Add($"{AdapterOptions.Section}:Capacity must be 1 to 1000.");
        }

        if (string.IsNullOrWhiteSpace(options.WorkDirectory) || !Path.IsPathFullyQualified(options.WorkDirectory))
        {
            failures.Add($"{AdapterOptions.Section}:WorkDirectory must be an absolute path.");
        }

        if (string.IsNullOrWhiteSpace(options.Backend) || options.Backend.Any(char.IsWhiteSpace))
        {
            failures.Add($"{AdapterOptions.Section}:Backend must be one word.");
        }

        if (!File.Exists(options.Python))
        {
            failures.Add($"{AdapterOptions.Section}:Python must name an existing interpreter.");
        }

        if (options.MaxLogBytes < 4096)
        {
            failures.Add($"{AdapterOptions.Section}:MaxLogBytes must be at least 4096.");
        }

        if (options.PollWait <= TimeSpan.Zero || options.PollWait > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{AdapterOptions.Section}:PollWait must be positive and at most 60 s.");
        }

        if (options.DefaultWallTimeLimit <= TimeSpan.Zero)
        {
            failures.Add($"{AdapterOptions.Section}:DefaultWallTimeLimit must be positive.");
        }

        if (options.KillGrace < TimeSpan.Zero)
        {
            failures.Add($"{AdapterOptions.Section}:KillGrace must not be negative.");
        }

        if (options.LeaseSafetyMargin is { } margin && margin <= TimeSpan.Zero)
        {
            // Set against the gateway's lease once registered (LeaseFence.Problem); here only what needs no gateway.
            failures.Add($"{AdapterOptions.Section}:LeaseSafetyMargin must be positive (or unset, to derive it from the gateway's lease).");
        }

        if (options.GitCloneTimeout <= TimeSpan.Zero || options.DownloadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{AdapterOptions.Section}:GitCloneTimeout and DownloadTimeout must be positive.");
        }

        if (options.MaxDownloadBytes < 1 || options.MaxExtractedBytes < 1 || options.MaxArchiveEntries < 1 || options.MaxGitCloneBytes < 1)
        {
            failures.Add($"{AdapterOptions.Section}:MaxDownloadBytes, MaxExtractedBytes, MaxArchiveEntries and MaxGitCloneBytes must be at least 1.");
        }

        failures.AddRange(options.Platforms.Problems($"{AdapterOptions.Section}:Platforms"));
        ValidateSandbox(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSandbox(AdapterOptions options, List<string> failures)
    {
        if (options.MemoryLimit < 16L << 20)
        {
            failures.Add($"{AdapterOptions.Section}:MemoryLimit must be at least 16 MiB (16777216 bytes).");
        }

        // bwrap and the shell that enters the cgroups count too, before the job's own first process.
        if (options.MaxProcesses is < 4 or > 4_194_304)
        {
            failures.Add($"{AdapterOptions.Section}:MaxProcesses must be 4 to 4194304.");
        }

        if (!Enum.IsDefined(options.Sandbox))
        {
            failures.Add($"{AdapterOptions.Section}:Sandbox must be one of {string.Join(", ", Enum.GetNames<SandboxMode>())}.");
        }

        if (!Enum.IsDefined(options.NetworkIsolation))
        {
            failures.Add($"{AdapterOptions.Section}:NetworkIsolation must be one of {string.Join(", ", Enum.GetNames<NetworkIsolation>())}.");
        }

        if (string.IsNullOrWhiteSpace(options.BubblewrapProgram))
        {
            failures.Add($"{AdapterOptions.Section}:BubblewrapProgram must name the bwrap program.");
        }

        if (options.FirstJobUserId < 1000 || options.JobUserIdCount < options.Capacity || (long)options.FirstJobUserId + options.JobUserIdCount > int.MaxValue)
        {
            failures.Add($"{AdapterOptions.Section}:FirstJobUserId must be at least 1000 and JobUserIdCount at least Capacity, within 2147483647.");
        }

        if (!string.IsNullOrEmpty(options.SharedCythonCache) && (!Path.IsPathFullyQualified(options.SharedCythonCache) || !Directory.Exists(options.SharedCythonCache)))
        {
            failures.Add($"{AdapterOptions.Section}:SharedCythonCache must be the absolute path of an existing directory.");
        }

        for (var i = 0; i < options.ReadOnlyPaths.Count; i++)
        {
            var path = options.ReadOnlyPaths[i];
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path) || !(Directory.Exists(path) || File.Exists(path)))
            {
                failures.Add($"{AdapterOptions.Section}:ReadOnlyPaths:{i} must be the absolute path of an existing directory or file.");
            }
        }

        for (var i = 0; i < options.WritablePaths.Count; i++)
        {
            var path = options.WritablePaths[i];
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path) || !(Directory.Exists(path) || File.Exists(path)))
            {
                failures.Add($"{AdapterOptions.Section}:WritablePaths:{i} must be the absolute path of an existing directory or file.");
            }
        }

        foreach (var (name, value) in options.JobEnvironment)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                failures.Add($"{AdapterOptions.Section}:JobEnvironment:{name} must have a name without '=' and no NUL characters.");
            }
        }
    }

    private static void ValidateGateways(AdapterOptions options, List<string> failures)
    {
        var key = options.GatewayUrls.Count > 0 ? "GatewayUrls" : "GatewayUrl";
        if (options.GatewayUrls.Count > 0 && !string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            failures.Add($"{AdapterOptions.Section}:GatewayUrl and GatewayUrls are both set: set one of them.");
            return;
        }

        var urls = options.GatewayUrlList();
        if (urls.Count == 0)
        {
            failures.Add($"{AdapterOptions.Section}:GatewayUrl must be an absolute http or https address.");
            return;
        }

        var gateways = new List<Uri>();
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
            {
                failures.Add($"{AdapterOptions.Section}:{key} '{url}' must be an absolute http or https address.");
            }
            else if (gateway.Scheme == "http" && !gateway.IsLoopback)
            {
                // The API key travels with every call: in clear text only to this machine.
                failures.Add($"{AdapterOptions.Section}:{key} {gateway.GetLeftPart(UriPartial.Authority)} is plain http to another machine, which would send the API key in clear text: use https:// (plain http is allowed only to localhost, 127.0.0.1 or [::1]).");
            }
            else
            {
                gateways.Add(gateway);
            }
        }

        if (gateways.Count == urls.Count && GatewayAddresses.Problem(gateways) is { } problem)
        {
            failures.Add($"{AdapterOptions.Section}:{key}: {problem}.");
        }
    }
}
