namespace Nmpi.Chaos.Analysis;

/// <summary>A run of a job's script that followed an earlier run of the same job, and why it happened.</summary>
public sealed record Rerun(string Key, LedgerRun Earlier, LedgerRun Later, RerunCause Cause)
{
    /// <summary>Whether the rerun is one the targets allow: the adapter died, mid-run or between the script's end and its report.</summary>
    public bool Expected => Cause is RerunCause.AdapterKilledMidRun or RerunCause.AdapterKilledAfterTheScriptEnded;
}
