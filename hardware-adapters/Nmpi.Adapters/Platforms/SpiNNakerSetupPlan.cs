using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Preparation;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// What SpiNNaker's hardware_config asks for, in the order it happens. First the adapter fetches, itself and through
/// its guarded fetchers (no job code runs then): the extra git repositories (https, http) and the pip entries given as
/// https/http files. Then the steps run in the job's sandbox: create the job-local virtual environment, download the
/// wheels of the pip requirements from the site's index (wheels only, so no package code runs while the network is
/// on), pip-install every entry without network from what was fetched, run the extra makes, install the extra python
/// set-ups. Only the wheel download (and ssh/git clones, where the site allows them) keeps the network.
/// </summary>
public sealed partial class SpiNNakerSetupPlan
{
    /// <summary>The job-local virtual environment, relative to the job directory.</summary>
    public const string VirtualEnvironment = ".venv";

    /// <summary>Where the fetched pip files go, relative to the job directory.</summary>
    public const string Wheelhouse = ".wheelhouse";

    public const string GitRepositories = "extra_git_repositories";
    public const string PipInstalls = "extra_pip_installs";
    public const string Makes = "extra_makes";
    public const string PythonSetups = "extra_python_setups";

    /// <summary>The name of the step that creates the environment (a site step, not a hardware_config key).</summary>
    public const string EnvironmentStep = "virtual environment";

    /// <summary>The name of the step that downloads the requirements' wheels from the site's index (a site step).</summary>
    public const string PipDownloadStep = "pip download";

    private static readonly string[] GitSchemes = ["https", "http"];
    private static readonly string[] SiteAllowedGitSchemes = ["git", "ssh"];

    // Isolated builds fetch their build requirements from an index; without one the environment's setuptools builds.
    private static readonly string[] OfflinePipInstall = ["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--"];

    private SpiNNakerSetupPlan(IReadOnlyList<SetupFetch> fetches, IReadOnlyList<SetupStep> steps, IReadOnlyList<string> excluded, string? python, IReadOnlyList<string> problems)
    {
        Fetches = fetches;
        Steps = steps;
        ExcludedFromOutputs = excluded;
        Python = python;
        Problems = problems;
    }

    /// <summary>What the adapter fetches before the steps, in order; empty when nothing is fetched.</summary>
    public IReadOnlyList<SetupFetch> Fetches { get; }

    /// <summary>The steps, in order; empty when the config asks for none.</summary>
    public IReadOnlyList<SetupStep> Steps { get; }

    /// <summary>Directories (relative) the set-up fills that are not the job's outputs: the environment, the wheelhouse and the clones.</summary>
    public IReadOnlyList<string> ExcludedFromOutputs { get; }

    /// <summary>The interpreter the job's command runs with: the environment's, or null to keep the site's.</summary>
    public string? Python { get; }

    /// <summary>Why the config cannot be set up, each naming its entry (<c>hardware_config.extra_makes[0]: ...</c>).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Whether the adapter makes the wheelhouse (the job asked for pip installs).</summary>
    public bool NeedsWheelhouse => ExcludedFromOutputs.Contains(Wheelhouse, StringComparer.Ordinal);

    /// <summary>Plans the fetches and steps for a job directory; the site interpreter creates the environment and downloads wheels.</summary>
    public static SpiNNakerSetupPlan For(Struct? config, string jobDirectory, string sitePython, PlatformOptions options, bool allowFileUrls, bool allowInternalUrls = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fetches = new List<SetupFetch>();
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
                if (SiteAllowedGitSchemes.Contains(uri!.Scheme, StringComparer.Ordinal))
                {
                    // ssh and git cannot be checked or pinned like https; a site that allows them trusts their hosts.
                    steps.Add(new(GitRepositories, $"git clone --depth 1 {shown}", "git", ["clone", "--depth", "1", "--", url, directory], NeedsNetwork: true));
                }
                else
                {
                    fetches.Add(new(GitRepositories, i, $"git clone --depth 1 {shown}", url, directory, IsClone: true));
                }
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

        if (pips.Count > 0)
        {
            excluded.Insert(1, Wheelhouse);
        }

        AddPipSteps(pips, jobDirectory, sitePython, python, options, allowFileUrls, allowInternalUrls, fetches, steps, problems);
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

        return new SpiNNakerSetupPlan(fetches, steps, excluded, pips.Count + setups.Count > 0 ? python : null, problems);
    }

    /// <summary>The directory where the site's index's wheels are downloaded, relative to the job directory.</summary>
    public static string IndexWheels => Path.Combine(Wheelhouse, "index");

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

    // Every install runs without network, from the job directory and the wheelhouse only: a package's setup.py or
    // build backend is code of the job's choosing. Only the download of the requirements' wheels has the network,
    // and it runs the site's own interpreter (-I: nothing of the job's on its path) and pip (--isolated: no job config).
    private static void AddPipSteps(
        IReadOnlyList<string> pips, string jobDirectory, string sitePython, string python, PlatformOptions options, bool allowFileUrls, bool allowInternal,
        List<SetupFetch> fetches, List<SetupStep> steps, List<string> problems)
    {
        var wheels = Path.Combine(jobDirectory, IndexWheels);
        var installs = new List<SetupStep>();
        var requirements = new List<string>();
        foreach (var (text, i) in pips.Select((e, i) => (e, i)))
        {
            if (PipEntry.Parse(text, allowFileUrls, allowInternal, out var problem) is not { } entry)
            {
                problems.Add($"hardware_config.{PipInstalls}[{i}]: {problem}");
                continue;
            }

            var target = entry.Text;
            if (entry.Kind == PipEntryKind.Download)
            {
                var file = Path.Combine(Wheelhouse, $"url-{i}", entry.FileName!);
                fetches.Add(new(PipInstalls, i, $"download {SourceUrl.Parse(entry.Url!, "pip package", allowFileUrls: false).Shown}", entry.Url!, file, IsClone: false));
                var local = Path.Combine(jobDirectory, file);
                target = entry.Requirement is null ? local : $"{entry.Requirement} @ {new Uri(local).AbsoluteUri}";
            }
            else if (entry.Kind == PipEntryKind.Requirement)
            {
                requirements.Add(entry.Text);
            }

            installs.Add(new(PipInstalls, $"pip install {text}", python, [.. OfflinePipInstall[..^1], "--find-links", wheels, "--", target], entry.LocalPath));
        }

        if (requirements.Count > 0 && !options.PipNoIndex)
        {
            List<string> download = ["-I", "-m", "pip", "--isolated", "download", "--no-input", "--disable-pip-version-check", "--no-cache-dir", "--only-binary", ":all:", "--dest", wheels];
            if (options.PipIndexUrl.Length > 0)
            {
                download.AddRange(["--index-url", options.PipIndexUrl]);
            }

            steps.Add(new(PipDownloadStep, $"pip download --only-binary :all: {string.Join(' ', requirements)}", sitePython, [.. download, "--", .. requirements], NeedsNetwork: true));
        }

        steps.AddRange(installs);
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*\\z")]
    private static partial Regex CloneName();
}
