using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>Job states as the pages name them (the EBRAINS words) and whether they can still change.</summary>
public static class StatusText
{
    /// <summary>The states a user filters by, in lifecycle order.</summary>
    public static IReadOnlyList<JobStatus> Filterable { get; } =
    [
        JobStatus.Submitted, JobStatus.Validated, JobStatus.Running, JobStatus.Finished,
        JobStatus.Error, JobStatus.Cancelling, JobStatus.Cancelled,
    ];

    public static string Label(JobStatus status) => status switch
    {
        JobStatus.Submitted => "submitted",
        JobStatus.Validated => "validated",
        JobStatus.Running => "running",
        JobStatus.Finished => "finished",
        JobStatus.Error => "error",
        JobStatus.Cancelling => "cancelling",
        JobStatus.Cancelled => "cancelled",
        JobStatus.Removed => "removed",
        _ => "unknown",
    };

    /// <summary>The status named <paramref name="label"/>, or null when no state has that name.</summary>
    public static JobStatus? Parse(string label) =>
        Filterable.Concat([JobStatus.Removed]).Cast<JobStatus?>().FirstOrDefault(s => Label(s!.Value) == label);

    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;

    /// <summary>Cancel is offered while the job has not ended and no cancel is under way.</summary>
    public static bool CanCancel(JobStatus status) => status is JobStatus.Submitted or JobStatus.Validated or JobStatus.Running;

    public static string Wait(WaitReason reason) => reason switch
    {
        WaitReason.Queued => "queued behind other jobs",
        WaitReason.NoAdapterOnline => "no site of this platform is online",
        WaitReason.CapacityFull => "every site of this platform is busy",
        WaitReason.Dispatched => "handed to a site, starting",
        _ => "waiting",
    };

    public static string Failure(FailureReason reason) => reason switch
    {
        FailureReason.UserCodeError => "error in the job's code",
        FailureReason.InvalidInput => "invalid input",
        FailureReason.PlatformError => "platform error",
        FailureReason.Timeout => "time limit reached",
        FailureReason.Quota => "quota exhausted",
        FailureReason.LostLease => "the site stopped answering",
        FailureReason.Memory => "memory limit reached",
        FailureReason.ProcessLimit => "too many processes",
        _ => "failed",
    };
}
