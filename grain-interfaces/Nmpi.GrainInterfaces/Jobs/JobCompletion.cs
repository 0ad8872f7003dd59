namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>How an adapter ended a job.</summary>
[GenerateSerializer, Alias("nmpi.JobCompletion")]
public sealed record JobCompletion
{
    /// <summary>Finished, Error or Cancelled.</summary>
    [Id(0)] public required JobStatus Outcome { get; init; }
    [Id(1)] public FailureReason FailureReason { get; init; }
    [Id(2)] public string? Message { get; init; }
    [Id(3)] public ResourceUsage? ResourceUsage { get; init; }
    [Id(4)] public string ProvenanceJson { get; init; } = "{}";
}
