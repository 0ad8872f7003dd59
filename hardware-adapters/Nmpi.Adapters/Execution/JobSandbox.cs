using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Where a job's command and set-up steps run: the best memory and process limits this machine offers and, with
/// bubblewrap, a read-only file system outside the job's directory and no network (unless a set-up step needs it).
/// Chosen once when the adapter starts, logged, and named in every job's provenance.
/// </summary>
public sealed partial class JobSandbox : IDisposable
{
    private readonly ILimitMechanism _limits;
    private readonly Bubblewrap? _bubblewrap;
    private readonly ILogger _logger;
    private readonly string _network;
    private readonly int _firstUserId;
    private readonly int _userIdCount;
    private readonly string _sharedCythonCache;

    public JobSandbox(IOptions<AdapterOptions> options, ILogger<JobSandbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _logger = logger;
        _firstUserId = settings.FirstJobUserId;
        _userIdCount = settings.JobUserIdCount;
        _sharedCythonCache = settings.SharedCythonCache;
        Limits = new JobLimits(settings.MemoryLimit, settings.MaxProcesses);
        CgroupParentName = $"nmpi-adapter-{UnsafeInName().Replace(settings.Name, "_")}";
        _limits = ChooseLimits(settings.Sandbox, CgroupParentName);
        try
        {
            (_bubblewrap, _network) = ChooseNetwork(settings);
        }
        catch
        {
            _limits.Dispose();
            throw;
        }

        Description = DescriptionFor(network: false);
        SandboxLog.Chosen(logger, Description, Limits.MemoryText, Limits.MaxProcesses);
    }

    /// <summary>What provenance says, e.g. "cgroup-v1 memory+swap+pids, bwrap no-network".</summary>
    public string Description { get; }

    /// <summary>The name of the adapter's parent cgroup, below its own cgroup in each hierarchy; jobs get job_ID below it.</summary>
    public string CgroupParentName { get; }

    /// <summary>The limits every job gets.</summary>
    public JobLimits Limits { get; }

    /// <summary>How a process that needs the network (or not) runs here, e.g. "bwrap no-network" or "bwrap with network".</summary>
    public string NetworkFor(bool network) =>
        _bubblewrap is null ? _network : network ? "bwrap with network" : "bwrap no-network";

    /// <summary>What provenance says about a process that needs the network (or not), e.g. "cgroup-v1 memory+pids, bwrap with network".</summary>
    public string DescriptionFor(bool network) => $"{_limits.Description}, {NetworkFor(network)}";

    /// <summary>Keeps the attempt's user id for the whole attempt (its set-up steps and command), until disposed.</summary>
    public IDisposable Reserve(JobAttempt attempt)
    {
        JobIdentities.Acquire(attempt, _firstUserId, _userIdCount);
        return new Hold(attempt);
    }

    /// <summary>
    /// Starts a process of the job (its command, or a set-up step) in a new session inside the job's limits, entered
    /// before any of its code runs, as the job's own user with the job's directory handed to it, with only the
    /// documented environment (<see cref="SandboxEnvironment"/>); with the machine's network only when
    /// <paramref name="network"/> is true. With <paramref name="announceStart"/>, the first line on its standard error is
    /// <see cref="SandboxedProcess.StartMarker"/>, written once the sandbox stands and the program is found, just before
    /// it runs: an exit without it is the platform's failure, never the job's.
    /// </summary>
    public async Task<SandboxedProcess> StartAsync(
        JobAttempt attempt,
        string program,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        bool network = false,
        bool announceStart = false)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var userId = JobIdentities.Acquire(attempt, _firstUserId, _userIdCount);
        IJobContainment? containment = null;
        try
        {
            var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            SandboxEnvironment.Prepare(workingDirectory);
            if (_sharedCythonCache.Length > 0)
            {
                CythonCacheSeed.Seed(workingDirectory, _sharedCythonCache);
                variables["CYTHON_CACHE_DIR"] = CythonCacheSeed.For(workingDirectory);
            }

            if (_bubblewrap is not null && Bubblewrap.CanSwitchUser)
            {
                // Everything the adapter (or an earlier step) wrote becomes the job's; nothing outside does.
                FileOwner.GiveTree(workingDirectory, userId);
            }

            containment = await _limits.ContainAsync(attempt, Limits);
            List<string> words =
                [.. containment.Launcher, .. _bubblewrap?.Arguments(workingDirectory, userId, network) ?? [], .. announceStart ? SandboxedProcess.Announcer : [], program, .. arguments];
            var group = ProcessGroup.Start(words[0], words.Skip(1), workingDirectory, SandboxEnvironment.For(workingDirectory, variables));
            containment.Started(group.GroupId);
            return new SandboxedProcess(group, containment, attempt, _logger, () => JobIdentities.Release(attempt));
        }
        catch
        {
            JobIdentities.Release(attempt);
            if (containment is not null)
            {
                await containment.RemoveAsync();
            }

            throw;
        }
    }

    /// <summary>Removes the adapter's own cgroups (the jobs' ones are removed as each job ends).</summary>
    public void Dispose() => _limits.Dispose();

    private ILimitMechanism ChooseLimits(SandboxMode mode, string parentName)
    {
        var hierarchies = CgroupHierarchy.Find(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));
        if (mode is SandboxMode.Auto or SandboxMode.CgroupV2)
        {
            if (CgroupV2Limits.TrySetUp(hierarchies, parentName, out var whyNot) is { } v2)
            {
                return v2;
            }

            Refuse(mode, SandboxMode.CgroupV2, whyNot);
        }

        if (mode is SandboxMode.Auto or SandboxMode.CgroupV1)
        {
            if (CgroupV1Limits.TrySetUp(hierarchies, parentName, out var whyNot) is { } v1)
            {
                return v1;
            }

            Refuse(mode, SandboxMode.CgroupV1, whyNot);
        }

        return RlimitLimits.SetUp();
    }

    private (Bubblewrap?, string) ChooseNetwork(AdapterOptions settings)
    {
        var isolation = settings.NetworkIsolation;
        if (isolation == NetworkIsolation.Off)
        {
            return (null, "network open (NetworkIsolation=Off)");
        }

        List<string> readOnly = [.. settings.ReadOnlyPaths];
        if (settings.SharedCythonCache.Length > 0)
        {
            readOnly.Add(settings.SharedCythonCache);
        }

        if (Bubblewrap.TryFind(settings.BubblewrapProgram, readOnly, settings.WritablePaths, out var whyNot) is { } bubblewrap)
        {
            OpenToJobUsers(settings.WritablePaths);
            return (bubblewrap, "bwrap no-network");
        }

        if (isolation == NetworkIsolation.Required)
        {
            // Without the sandbox a job would see the adapter's files and key and every other job: no jobs at all, then.
            throw new InvalidOperationException(
                $"{AdapterOptions.Section}:NetworkIsolation is Required (the default), but {whyNot} ({AdapterOptions.Section}:BubblewrapProgram is " +
                $"{settings.BubblewrapProgram}). Install bubblewrap, or opt out knowingly with {AdapterOptions.Section}:NetworkIsolation=Auto or Off, " +
                "which lets jobs read the adapter's files and each other's.");
        }

        SandboxLog.NotUsed(_logger, "bubblewrap", whyNot);
        return (null, $"network open ({whyNot})");
    }

    // Jobs run as users of their own: a shared writable path must let them write, like /tmp (sticky, so none removes another's files).
    private static void OpenToJobUsers(IReadOnlyList<string> writablePaths)
    {
        if (!Bubblewrap.CanSwitchUser || OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode All = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        const UnixFileMode Search = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.StickyBit;
        foreach (var path in writablePaths)
        {
            File.SetUnixFileMode(path, Directory.Exists(path) ? All | Search : All);
        }
    }

    // Auto moves on to the next mechanism; a mechanism asked for by name must be there.
    private void Refuse(SandboxMode asked, SandboxMode mechanism, string whyNot)
    {
        if (asked == mechanism)
        {
            throw new InvalidOperationException($"{AdapterOptions.Section}:Sandbox is {mechanism}, but {whyNot}.");
        }

        SandboxLog.NotUsed(_logger, mechanism.ToString(), whyNot);
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeInName();

    private sealed class Hold(JobAttempt attempt) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                JobIdentities.Release(attempt);
            }
        }
    }
}
