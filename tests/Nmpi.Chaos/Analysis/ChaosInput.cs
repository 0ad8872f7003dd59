namespace Nmpi.Chaos.Analysis;

/// <summary>Everything the end-of-run analysis looks at, gathered by the run and made by hand in the tests.</summary>
public sealed record ChaosInput(
    IReadOnlyDictionary<string, IReadOnlySet<long>> Acknowledged,
    IReadOnlyList<JobOutcome> Outcomes,
    IReadOnlyDictionary<string, IReadOnlyList<LedgerRun>> Runs,
    IReadOnlyList<FaultEvent> Faults,
    TimeSpan Lease);
