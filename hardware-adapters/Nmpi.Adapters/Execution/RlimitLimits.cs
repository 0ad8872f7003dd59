namespace Nmpi.Adapters.Execution;

/// <summary>
/// Limits without cgroups: prlimit caps each process's address space before the command runs, and a watchdog counts the
/// processes (and sums the resident memory) of the job's session in /proc. A process that starts a session of its own
/// escapes the count: use cgroups where they are available.
/// </summary>
internal sealed class RlimitLimits : ILimitMechanism
{
    private readonly string? _prlimit;

    private RlimitLimits(string? prlimit)
    {
        _prlimit = prlimit;
        Description = prlimit is null
            ? "rlimit unavailable (no prlimit), session watchdog for memory and processes"
            : "rlimit address-space, session watchdog for processes and memory";
    }

    public string Description { get; }

    /// <summary>Sets up the fallback; prlimit (util-linux) is used when found on PATH.</summary>
    public static ILimitMechanism SetUp() => new RlimitLimits(ExecutableSearch.Find("prlimit"));

    public Task<IJobContainment> ContainAsync(JobAttempt attempt, JobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        IReadOnlyList<string> launcher = _prlimit is null ? [] : [_prlimit, $"--as={limits.MemoryBytes}", "--"];
        return Task.FromResult<IJobContainment>(new SessionJob(launcher, limits));
    }

    public void Dispose()
    {
        // Nothing was set up on the machine.
    }
}
