namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>A histogram of durations in seconds (or their log10) of the jobs of one platform that ended in one status.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.DurationHistogram")]
public sealed record DurationHistogram
{
    [Id(0)] public required string Platform { get; init; }
    [Id(1)] public required string Status { get; init; }
    [Id(2)] public required IReadOnlyList<long> Values { get; init; }

    /// <summary>The bin edges: one more than the values.</summary>
    [Id(3)] public required IReadOnlyList<double> Bins { get; init; }

    [Id(4)] public required double Max { get; init; }
}
