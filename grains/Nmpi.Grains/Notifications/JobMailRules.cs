using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;

namespace Nmpi.Grains.Notifications;

/// <summary>Which message, if any, a job's move calls for; pure.</summary>
public static class JobMailRules
{
    /// <summary>Started when the job begins to run, ended when it first reaches an end; null otherwise.</summary>
    /// <remarks>A job cancelled before it ever ran gets no message: its owner (or an administrator) just did that.</remarks>
    public static JobMailKind? For(JobSnapshot before, JobSnapshot after)
    {
        var started = after.Status == JobStatus.Running && before.Status != JobStatus.Running;
        var ended = after.Status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled && !JobStateMachine.IsTerminal(before.Status);
        return started || ended ? Owed(after) : null;
    }

    /// <summary>The message a job in its present state is owed (if it was never queued): started while it runs, ended once it ended.</summary>
    public static JobMailKind? Owed(JobSnapshot job) => job.Status switch
    {
        JobStatus.Running => JobMailKind.Started,
        JobStatus.Finished or JobStatus.Error => JobMailKind.Ended,
        JobStatus.Cancelled when EverRan(job) => JobMailKind.Ended,
        _ => null,
    };

    /// <summary>The outbox key of a job message: a job is announced once per kind, whatever its attempts.</summary>
    public static string DedupKey(long jobId, JobMailKind kind, string userId) =>
        $"job:{jobId}:{(kind == JobMailKind.Started ? "started" : "ended")}:{userId}";

    private static bool EverRan(JobSnapshot job) => job.History.Any(move => move.To == JobStatus.Running);
}
