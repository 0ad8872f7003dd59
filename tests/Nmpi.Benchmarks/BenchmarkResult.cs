namespace Nmpi.Benchmarks;

/// <summary>The figures of one run, ready to print and judge.</summary>
public sealed record BenchmarkResult(
    BenchmarkOptions Options,
    bool InProcess,
    SubmitLoad Submits,
    AdapterLoad Adapters,
    JobTimeline Timeline,
    ErrorCounts Errors,
    PostgresReferenceResult? Postgres,
    int ReferenceDocBytes,
    TimeSpan DrainTaken)
{
    public required WarmupResult Warmup { get; init; }

    /// <summary>What this process compiled during the measured window (the silo included when it runs in-process).</summary>
    public required JitSnapshot JitInWindow { get; init; }
}
