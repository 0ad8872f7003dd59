namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>One page of a job listing.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.JobPage")]
public sealed record JobPage(
    [property: Id(0)] IReadOnlyList<JobSnapshot> Jobs,
    [property: Id(1)] long TotalCount,
    [property: Id(2)] long? NextBeforeId)
{
    /// <summary>Counting stopped at <see cref="TotalCount"/>: at least that many jobs match.</summary>
    [Id(3)] public bool TotalCountCapped { get; init; }
}
