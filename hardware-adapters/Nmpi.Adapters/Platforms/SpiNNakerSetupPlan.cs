using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Preparation;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// The steps SpiNNaker's hardware_config asks for, in the order they run: clone the extra git repositories, create
/// the job-local virtual environment, pip-install the extra packages, run the extra makes, install the extra python
/// set-ups. Clones come first so the later steps can name what they fetched; makes come before the python set-ups
/// so a package can wrap a library its make built. Only the fetching steps (clones, pip installs) keep the network;
/// the environment, the makes and the python set-ups run without it, as the command does.
/// </summary>
public sealed partial class SpiNNakerSetupPlan
{
    /// <summary>The job-local virtual environment, relative to the job directory.</summary>
    public const string VirtualEnvironment = ".venv";

    public const string GitRepositories = "extra_git_repositories";
    public const string PipInstalls = "extra_pip_installs";
    public const string Makes = "extra_makes";
    public const string PythonSetups = "extra_python_setups";

    /// <summary>The name of the step that creates the environment (a site step, not a hardware_config key).</summary>
    public const string EnvironmentStep = "virtual environment";

    private static readonly string[] GitSchemes = ["https", "http"];
    private static readonly string[] SiteAllowedGitSchemes = ["git", "ssh"];

    // Isolated builds fetch their build requirements from an index; without one the environment's setuptools builds.
    private static readonly string[] OfflinePipInstall = ["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--"];

    private SpiNNakerSetupPlan(IReadOnlyList<SetupStep> steps, IReadOnlyList<string> excluded, string? python, IReadOnlyList<string> problems)
    {
        Steps = steps;
        ExcludedFromOutputs = excluded;
        Python = python;
        Problems = problems;
    }

    /// <summary>The steps, in order; empty when the config asks for none.</summary>
    public IReadOnlyList<SetupStep> Steps { get; }

    /// <summary>Directories (relative) the steps fill that are not the job's outputs: the environment and the clones.</summary>
    public IReadOnlyList<string> ExcludedFromOutputs { get; }

    /// <summary>The interpreter the job's command runs with: the environment's, or null to keep the site's.</summary>
    public string? Python { get; }

    /// <summary>Why the config cannot be set up, each naming its entry (<c>hardware_config.extra_makes[0]: ...</c>).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Plans the steps for a job directory; the site interpreter creates the environment.</summary>
    public static SpiNNakerSetupPlan For(Struct? config, string jobDirectory, string sitePython, PlatformOptions options, bool allowFileUrls, bool allowInternalUrls = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var steps = new List<SetupStep>();
        var problems = new List<string>();
        var excluded = new List<string>();
        foreach (var (url, i) in HardwareConfigCheck.Strings(config, GitRepositories).Select((u, i) => (u, i)))
        {
            if (CloneDirectory(url, allowFileUrls, out var problem, options.AllowSshAndGitUrls, allowInternalUrls) is not { } directory)
            {
                problems.Add($"hardware_config.{GitRepositories}[{i}]: {problem}");
            }
            else if (excluded.Contains(directory, StringComparer.Ordinal))
            {
                problems.Add($"hardware_config.{GitRepositories}[{i}]: a repository is already cloned into '{directory}'");
            }
            else
            {
                excluded.Add(directory);
                // Credentials in a URL stay out of the log and out of failure messages.
                var shown = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal) : url;
                steps.Add(new(GitRepositories, $"git clone --depth 1 {shown}", "git", ["clone", "--depth", "1", "--", url, directory], NeedsNetwork: true));
            }
        }

        var pips = HardwareConfigCheck.Strings(config, PipInstalls);
        var setups = HardwareConfigCheck.Strings(config, PythonSetups);
        var python = Path.Combine(jobDirectory, VirtualEnvironment, "bin", "python");
        if (pips.Count + setups.Count > 0)
        {
            excluded.Insert(0, VirtualEnvironment);
            steps.Add(new(EnvironmentStep, $"python3 -m venv --system-site-packages {VirtualEnvironment}", sitePython, ["-m", "venv", "--system-site-packages", Path.Combine(jobDirectory, VirtualEnvironment)]));
        }

        foreach (var (entry, i) in pips.Select((e, i) => (e, i)))
        {
            if (PipTarget(entry, allowFileUrls, out var path, out var problem) is not { } target)
            {
                problems.Add($"hardware_config.{PipInstalls}[{i}]: {problem}");
                continue;
            }

            // A local path is the job's own code: its setup.py or build backend runs, so it runs without network, as
            // extra_python_setups do; only what pip fetches by name or URL needs it.
            steps.Add(path is null
                ? new(PipInstalls, $"pip install {entry}", python, [.. PipInstall(options), target], null, NeedsNetwork: true)
                : new(PipInstalls, $"pip install {entry}", python, [.. OfflinePipInstall, target], path));
        }

        foreach (var (directory, i) in HardwareConfigCheck.Strings(config, Makes).Select((d, i) => (d, i)))
        {
            if (JobPath.TextProblem(directory) is { } problem)
            {
                problems.Add($"hardware_config.{Makes}[{i}]: {problem}");
                continue;
            }

            steps.Add(new(Makes, $"make -C {directory}", "make", ["-C", Path.GetFullPath(Path.Combine(jobDirectory, directory))], directory));
        }

        // pip installs a set-up directory the way setup.py install once did, but into the environment, recorded so it
        // can be uninstalled, and through the project's own build backend (setup.py or pyproject.toml alike). It runs
        // the user's build code without network, so it takes nothing from an index: what it needs is installed already.
        foreach (var (directory, i) in setups.Select((d, i) => (d, i)))
        {
            if (JobPath.TextProblem(directory) is { } problem)
            {
                problems.Add($"hardware_config.{PythonSetups}[{i}]: {problem}");
                continue;
            }

            steps.Add(new(PythonSetups, $"pip install {directory}", python, [.. OfflinePipInstall, Path.GetFullPath(Path.Combine(jobDirectory, directory))], directory));
        }

        return new SpiNNakerSetupPlan(steps, excluded, pips.Count + setups.Count > 0 ? python : null, problems);
    }

    /// <summary>The directory a repository is cloned into (its URL's last path segment without .git); null with a reason when the URL cannot be used.</summary>
    public static string? CloneDirectory(string url, bool allowFileUrls, out string? problem, bool allowSshAndGit = false, bool allowInternal = false)
    {
        problem = null;
        var schemes = allowSshAndGit ? [.. GitSchemes, .. SiteAllowedGitSchemes] : GitSchemes;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(schemes.Contains(uri.Scheme, StringComparer.Ordinal) || uri.IsFile))
        {
            problem = allowSshAndGit ? $"'{url}' must be an https, http, git or ssh URL" : $"'{url}' must be an https or http URL";
            return null;
        }

        // The same rule as the job's own code: no clone from the site's own network (loopback, private, metadata).
        if (!allowInternal && !uri.IsFile && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && SiteNetworkGuard.IsInternal(address))
        {
            problem = $"'{url}' leads to {address}, an address of the site's own network, which this site does not fetch from";
            return null;
        }

        if (uri.IsFile && !allowFileUrls)
        {
            problem = $"'{url}': file URLs are not accepted by this site";
            return null;
        }

        var name = uri.AbsolutePath.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = name.EndsWith(".git", StringComparison.Ordinal) ? name[..^4] : name;
        if (!CloneName().IsMatch(name))
        {
            problem = $"'{url}' does not end in a usable directory name (letters, digits, '.', '_', '-', not starting with '.')";
            return null;
        }

        return name;
    }

    // A requirement (numpy==1.26), a URL requirement, or a local path inside the job directory; never a pip option.
    private static string? PipTarget(string entry, bool allowFileUrls, out string? path, out string? problem)
    {
        path = null;
        problem = null;
        var trimmed = entry.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('-'))
        {
            problem = $"'{entry}' must be a requirement or a path, not a pip option";
            return null;
        }

        if (trimmed.Contains("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!allowFileUrls)
            {
                problem = $"'{entry}': file URLs are not accepted by this site";
                return null;
            }

            return trimmed;
        }

        if (trimmed.Contains("://", StringComparison.Ordinal) || !LooksLikePath(trimmed))
        {
            return trimmed;
        }

        // Extras ("./pkg[fast]") follow the path; the path alone is checked.
        var bracket = trimmed.IndexOf('[', StringComparison.Ordinal);
        var local = bracket < 0 ? trimmed : trimmed[..bracket];
        problem = JobPath.TextProblem(local);
        path = local;
        return problem is null ? trimmed : null;
    }

    private static bool LooksLikePath(string entry) =>
        entry.StartsWith('.') || entry.StartsWith('/') || entry.StartsWith('~') || entry.Contains('/', StringComparison.Ordinal) || entry.Contains('\\', StringComparison.Ordinal);

    private static List<string> PipInstall(PlatformOptions options)
    {
        List<string> arguments = ["-m", "pip", "install", "--no-input"];
        if (options.PipNoIndex)
        {
            // As OfflinePipInstall: without an index, no isolated build.
            arguments.AddRange(["--no-index", "--no-build-isolation"]);
        }
        else if (options.PipIndexUrl.Length > 0)
        {
            arguments.AddRange(["--index-url", options.PipIndexUrl]);
        }

        arguments.Add("--");
        return arguments;
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*\\z")]
    private static partial Regex CloneName();
}
