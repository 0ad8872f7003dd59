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

    public JobSandbox(IOptions<AdapterOptions> options, ILogger<JobSandbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _logger = logger;
        Limits = new JobLimits(settings.MemoryLimit, settings.MaxProcesses);
        CgroupParentName = $"nmpi-adapter-{UnsafeInName().Replace(settings.Name, "_")}";
        _limits = ChooseLimits(settings.Sandbox, CgroupParentName);
        try
        {
            (_bubblewrap, _network) = ChooseNetwork(settings.NetworkIsolation, settings.WritablePaths);
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

    /// <summary>
    /// Starts a process of the job (its command, or a set-up step) in a new session inside the job's limits, entered
    /// before any of its code runs; with the machine's network only when <paramref name="network"/> is true.
    /// </summary>
    public async Task<SandboxedProcess> StartAsync(
        long jobId, string program, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, bool network = false)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var containment = await _limits.ContainAsync(jobId, Limits);
        try
        {
            List<string> words = [.. containment.Launcher, .. _bubblewrap?.Arguments(workingDirectory, network) ?? [], program, .. arguments];
            var group = ProcessGroup.Start(words[0], words.Skip(1), workingDirectory, environment);
            containment.Started(group.GroupId);
            return new SandboxedProcess(group, containment, jobId, _logger);
        }
        catch
        {
            await containment.RemoveAsync();
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

    private (Bubblewrap?, string) ChooseNetwork(NetworkIsolation isolation, IReadOnlyList<string> writablePaths)
    {
        if (isolation == NetworkIsolation.Off)
        {
            return (null, "network open (NetworkIsolation=Off)");
        }

        if (Bubblewrap.TryFind(writablePaths, out var whyNot) is { } bubblewrap)
        {
            return (bubblewrap, "bwrap no-network");
        }

        if (isolation == NetworkIsolation.Required)
        {
            throw new InvalidOperationException($"{AdapterOptions.Section}:NetworkIsolation is Required, but {whyNot}.");
        }

        SandboxLog.NotUsed(_logger, "bubblewrap", whyNot);
        return (null, $"network open ({whyNot})");
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
}
