namespace Nmpi.Adapters.Execution;

/// <summary>The limits around one job's processes: entered before its code runs, watched while it runs, removed after.</summary>
internal interface IJobContainment
{
    /// <summary>The words put before the command; they enter the limits and then exec it, so no user code runs outside.</summary>
    IReadOnlyList<string> Launcher { get; }

    /// <summary>Tells the containment the session id of the started process.</summary>
    void Started(int sessionId);

    /// <summary>Which limit the job has hit so far, polled while it runs.</summary>
    LimitBreach Check();

    /// <summary>Which limit explains the job's end, once it has exited (its exit code and last line on stderr).</summary>
    LimitBreach CheckAfterExit(int exitCode, string? lastErrorLine);

    /// <summary>Kills every process of the job, including those that left its process group or session where the mechanism can see them.</summary>
    Task KillAllAsync();

    /// <summary>Kills what is left and removes the job's limits (its cgroups).</summary>
    Task RemoveAsync();
}
