namespace Nmpi.Chaos.Analysis;

/// <summary>What went wrong in a chaos run, each list naming the jobs concerned.</summary>
public sealed record ChaosFindings
{
    /// <summary>Acknowledged submits whose job never finished (missing, ended in error or cancelled, or still going).</summary>
    public required IReadOnlyList<string> Lost { get; init; }

    /// <summary>Jobs not in a final state after the drain.</summary>
    public required IReadOnlyList<JobOutcome> Stuck { get; init; }

    /// <summary>Idempotency keys that produced more than one job, with the job ids.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<long>> Duplicates { get; init; }

    /// <summary>Runs of one job alive at the same time.</summary>
    public required IReadOnlyList<ConcurrentRun> Concurrent { get; init; }

    /// <summary>Runs of a job that followed an earlier run of it, with their causes.</summary>
    public required IReadOnlyList<Rerun> Reruns { get; init; }

    /// <summary>Jobs that ended in USER_CODE_ERROR although the ledger shows their script ended fine or never started.</summary>
    public required IReadOnlyList<JobOutcome> Blamed { get; init; }

    /// <summary>Runs still alive (writing ticks) more than a second after their adapter was killed.</summary>
    public required IReadOnlyList<LedgerRun> OutlivedTheirAdapter { get; init; }
}
