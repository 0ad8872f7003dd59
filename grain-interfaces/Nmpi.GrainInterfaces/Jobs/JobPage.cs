namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>One page of a job listing; its jobs' inline scripts are cut to their first <see cref="InlineCodePreviewLength"/> characters.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.JobPage")]
public sealed record JobPage(
    [property: Id(0)] IReadOnlyList<JobSnapshot> Jobs,
    [property: Id(1)] long TotalCount,
    [property: Id(2)] long? NextBeforeId)
{
    /// <summary>Listings carry only the start of an inline script: a page of 500 jobs could otherwise hold 500 MiB of code no list shows.</summary>
    public const int InlineCodePreviewLength = 512;

    /// <summary>Counting stopped at <see cref="TotalCount"/>: at least that many jobs match.</summary>
    [Id(3)] public bool TotalCountCapped { get; init; }
}
