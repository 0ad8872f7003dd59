namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Commits new jobs (group-committed inserts) and hands them to their platform's scheduler.</summary>
[Alias("nmpi.IJobSubmissionGrain")]
public interface IJobSubmissionGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the job, idempotently on (user, request id); answers only after the commit.</summary>
    [Alias("Submit")]
    Task<SubmitResult> SubmitAsync(JobSpec spec);
}
