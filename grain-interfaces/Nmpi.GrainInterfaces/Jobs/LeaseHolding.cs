namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Who held a job when a report on it was fenced, so the gateway can tell a caller's stale lease from another key's job.</summary>
/// <param name="AdapterId">The adapter holding (or, once ended, last holding) the job's lease; null while it waits in the queue unleased.</param>
/// <param name="Platform">The platform the job runs on.</param>
/// <param name="Queued">True while the job waits for a site with no lease, where any key of its platform may lease it.</param>
[GenerateSerializer, Immutable, Alias("nmpi.LeaseHolding")]
public sealed record LeaseHolding([property: Id(0)] string? AdapterId, [property: Id(1)] string Platform, [property: Id(2)] bool Queued)
{
    /// <summary>The holding of <paramref name="job"/> as it is now.</summary>
    public static LeaseHolding Of(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.AdapterId, job.Spec.Platform, job.AdapterId is null && job.Status is JobStatus.Submitted or JobStatus.Validated);
    }
}
