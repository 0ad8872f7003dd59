namespace Nmpi.Adapters.Execution;

/// <summary>A job held only by its session id: counted and killed through /proc, its memory capped per process by an rlimit.</summary>
internal sealed class SessionJob(IReadOnlyList<string> launcher, JobLimits limits) : IJobContainment
{
    private static readonly TimeSpan KillRound = TimeSpan.FromMilliseconds(20);
    private const int MaxKillRounds = 500;

    private int _sessionId;

    public IReadOnlyList<string> Launcher { get; } = launcher;

    public void Started(int sessionId) => _sessionId = sessionId;

    public LimitBreach Check()
    {
        if (_sessionId == 0)
        {
            return LimitBreach.None;
        }

        var processes = SessionProcess.InSession(_sessionId);
        if (processes.Count > limits.MaxProcesses)
        {
            return LimitBreach.ProcessLimit;
        }

        // Several processes may each stay under the address-space cap and still together exceed the limit.
        return processes.Sum(p => p.ResidentBytes) > limits.MemoryBytes ? LimitBreach.Memory : LimitBreach.None;
    }

    // Under the address-space cap Python's allocations fail with MemoryError rather than the process being killed.
    public LimitBreach CheckAfterExit(int exitCode, string? lastErrorLine) =>
        exitCode != 0 && lastErrorLine is not null && lastErrorLine.StartsWith("MemoryError", StringComparison.Ordinal)
            ? LimitBreach.Memory
            : LimitBreach.None;

    public async Task KillAllAsync()
    {
        if (_sessionId == 0)
        {
            return;
        }

        for (var round = 0; round < MaxKillRounds; round++)
        {
            var processes = SessionProcess.InSession(_sessionId);
            if (processes.Count == 0)
            {
                return;
            }

            foreach (var process in processes)
            {
                Signals.Send(process.Pid, Signals.Kill);
            }

            await Task.Delay(KillRound);
        }

        throw new InvalidOperationException($"processes of session {_sessionId} are still alive after {MaxKillRounds} rounds of SIGKILL");
    }

    public Task RemoveAsync() => KillAllAsync();
}
