namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>A filtered, paged listing of jobs, newest first.</summary>
[GenerateSerializer, Alias("nmpi.JobQuery")]
public sealed record JobQuery
{
    /// <summary>Collabs the caller may view; null means all (platform administrators).</summary>
    [Id(0)] public IReadOnlyList<string>? VisibleCollabs { get; init; }
    [Id(1)] public string? Collab { get; init; }
    [Id(2)] public IReadOnlyList<JobStatus> Statuses { get; init; } = [];
    [Id(3)] public string? Platform { get; init; }
    [Id(4)] public string? Tag { get; init; }
    [Id(5)] public string? UserId { get; init; }
    [Id(6)] public DateTimeOffset? SubmittedAfter { get; init; }
    [Id(7)] public DateTimeOffset? SubmittedBefore { get; init; }
    [Id(8)] public int PageSize { get; init; } = 50;
    /// <summary>List only jobs with an id below this one (keyset paging).</summary>
    [Id(9)] public long? BeforeId { get; init; }
    /// <summary>Include removed jobs (they are hidden unless asked for by status).</summary>
    [Id(10)] public bool IncludeRemoved { get; init; }
}
