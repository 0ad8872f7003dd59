using Nmpi.Api.V1;

namespace Nmpi.Chaos.Analysis;

/// <summary>What the platform says of one job at the end of the run.</summary>
public sealed record JobOutcome(long JobId, string Key, JobStatus Status, FailureReason Failure, string FailureMessage)
{
    /// <summary>Whether the job reached a state it never leaves.</summary>
    public bool Terminal => Status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;
}
