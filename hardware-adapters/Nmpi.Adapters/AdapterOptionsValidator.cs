using Microsoft.Extensions.Options;
using Nmpi.Api.Platforms;

namespace Nmpi.Adapters;

/// <summary>Refuses to start an adapter whose configuration cannot work.</summary>
public sealed class AdapterOptionsValidator : IValidateOptions<AdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, AdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            failures.Add($"{AdapterOptions.Section}:GatewayUrl must be an absolute http or https address.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{AdapterOptions.Section}:ApiKey is required.");
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

        if (options.GitCloneTimeout <= TimeSpan.Zero || options.DownloadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{AdapterOptions.Section}:GitCloneTimeout and DownloadTimeout must be positive.");
        }

        if (options.MaxDownloadBytes < 1 || options.MaxExtractedBytes < 1 || options.MaxArchiveEntries < 1)
        {
            failures.Add($"{AdapterOptions.Section}:MaxDownloadBytes, MaxExtractedBytes and MaxArchiveEntries must be at least 1.");
        }

        failures.AddRange(options.Platforms.Problems($"{AdapterOptions.Section}:Platforms"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
