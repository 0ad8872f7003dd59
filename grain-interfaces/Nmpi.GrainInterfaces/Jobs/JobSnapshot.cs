namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>The whole state of one job as its grain holds it and its row stores it.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.JobSnapshot")]
public sealed record JobSnapshot
{
    [Id(0)] public required long Id { get; init; }
    [Id(1)] public required JobSpec Spec { get; init; }
    [Id(2)] public required JobStatus Status { get; init; }
    [Id(3)] public int Attempt { get; init; } = 1;
    [Id(4)] public long LeaseEpoch { get; init; }
    [Id(5)] public string? AdapterId { get; init; }
    [Id(6)] public DateTimeOffset? LeaseExpiresAt { get; init; }
    [Id(7)] public required DateTimeOffset SubmittedAt { get; init; }
    [Id(8)] public DateTimeOffset? StartedAt { get; init; }
    [Id(9)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(10)] public IReadOnlyList<OutputFile> Outputs { get; init; } = [];
    [Id(11)] public ResourceUsage? ResourceUsage { get; init; }
    [Id(12)] public string ProvenanceJson { get; init; } = "{}";
    [Id(13)] public FailureReason FailureReason { get; init; }
    [Id(14)] public string? FailureMessage { get; init; }
    [Id(15)] public IReadOnlyList<JobTransition> History { get; init; } = [];
    [Id(16)] public IReadOnlyList<JobComment> Comments { get; init; } = [];
    /// <summary>Deadline of a cancel or of the wall-time limit, whichever applies now.</summary>
    [Id(17)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>Bumped on every stored change; watchers wait for it to move.</summary>
    [Id(18)] public long Version { get; init; }
    [Id(19)] public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Log chunks stored so far (the next chunk's sequence number).</summary>
    [Id(20)] public long LogChunks { get; init; }

    /// <summary>True once the job can never change state again (except being removed).</summary>
    public bool IsTerminal => Status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;
}
