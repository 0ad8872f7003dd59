using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Jobs;

/// <summary>
/// The decisions of a job's life as pure functions over snapshots: leases and their fencing, reports,
/// cancel, deadlines. The grain loads, calls these, persists and notifies.
/// </summary>
public static class JobLifecycle
{
    private const string Cluster = "cluster";

    /// <summary>A new job as stored at submit.</summary>
    public static JobSnapshot Submit(JobSpec spec, DateTimeOffset now, JobOptions options) => new()
    {
        Id = 0,
        Spec = spec with { WallTimeLimit = options.WallTimeFor(spec.Platform, spec.WallTimeLimit) },
        Status = JobStatus.Submitted,
        SubmittedAt = now,
        Tags = spec.Tags,
        Version = 1,
        History = [new JobTransition(null, JobStatus.Submitted, now, spec.UserId, "submitted")],
    };

    /// <summary>True when the job waits in the queue without a lease.</summary>
    public static bool IsLeasable(JobSnapshot job) => JobStateMachine.IsQueued(job.Status) && job.AdapterId is null;

    /// <summary>Leases a queued job to an adapter under a new epoch.</summary>
    public static JobSnapshot Lease(JobSnapshot job, string adapterId, DateTimeOffset now, JobOptions options)
    {
        if (!IsLeasable(job))
        {
            throw new JobRejectedException(JobRejection.InvalidTransition, $"Job {job.Id} is not waiting for a site.");
        }

        var leased = job.Status == JobStatus.Submitted
            ? JobStateMachine.Move(job, JobStatus.Validated, now, Cluster, $"leased to {adapterId}")
            : job;
        return leased with
        {
            LeaseEpoch = job.LeaseEpoch + 1,
            AdapterId = adapterId,
            LeaseExpiresAt = now + options.LeaseDuration,
        };
    }

    /// <summary>True when the report comes from the current lease holder under the current epoch.</summary>
    public static bool HoldsLease(JobSnapshot job, string adapterId, LeaseRef lease) =>
        job.AdapterId == adapterId && job.LeaseEpoch == lease.Epoch;

    /// <summary>Refuses a report from anyone but the current lease holder.</summary>
    public static void RequireLease(JobSnapshot job, string adapterId, LeaseRef lease)
    {
        if (!HoldsLease(job, adapterId, lease))
        {
            throw new JobRejectedException(
                $"Lease epoch {lease.Epoch} of job {job.Id} is not current (current epoch {job.LeaseEpoch}); the job is no longer yours.",
                LeaseHolding.Of(job),
                "lease.epoch");
        }
    }

    /// <summary>Renews a live lease; null when the adapter must stop the job instead.</summary>
    public static JobSnapshot? Renew(JobSnapshot job, string adapterId, LeaseRef lease, DateTimeOffset now, JobOptions options)
    {
        if (!HoldsLease(job, adapterId, lease) || job.Status is not (JobStatus.Validated or JobStatus.Running))
        {
            return null;
        }

        return job with { LeaseExpiresAt = now + options.LeaseDuration };
    }

    /// <summary>Gives a leased job that has not started back to the queue, without spending an attempt.</summary>
    public static JobSnapshot? Return(JobSnapshot job, string adapterId, LeaseRef lease, DateTimeOffset now)
    {
        if (job.Status == JobStatus.Submitted && job.AdapterId is null && job.LeaseEpoch == lease.Epoch)
        {
            return null;
        }

        RequireLease(job, adapterId, lease);
        if (job.Status != JobStatus.Validated)
        {
            throw new JobRejectedException(
                JobRejection.InvalidTransition,
                $"Job {job.Id} is {JobStateMachine.Name(job.Status)}: only a job that has not started can be returned.");
        }

        var returned = JobStateMachine.Move(job, JobStatus.Submitted, now, adapterId, "returned unstarted by the site");
        return returned with { AdapterId = null, LeaseExpiresAt = null };
    }

    /// <summary>Starts the job; null when it already runs under this lease (a repeated report).</summary>
    public static JobSnapshot? MarkRunning(JobSnapshot job, string adapterId, LeaseRef lease, DateTimeOffset now)
    {
        RequireLease(job, adapterId, lease);
        if (job.Status == JobStatus.Running)
        {
            return null;
        }

        return JobStateMachine.Move(job, JobStatus.Running, now, adapterId, "started") with { StartedAt = now };
    }

    /// <summary>Ends the job as the adapter reports; null for a repeat of the report that ended it.</summary>
    public static JobSnapshot? Complete(JobSnapshot job, string adapterId, LeaseRef lease, JobCompletion completion, DateTimeOffset now)
    {
        RequireLease(job, adapterId, lease);
        if (completion.Outcome is not (JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled))
        {
            throw new JobRejectedException(JobRejection.InvalidArgument, "The outcome must be finished, error or cancelled.", "outcome");
        }

        if (JobStateMachine.IsTerminal(job.Status))
        {
            return job.Status == completion.Outcome || job.Status == JobStatus.Cancelled
                ? null
                : throw new JobRejectedException(JobRejection.InvalidTransition, $"Job {job.Id} already ended {JobStateMachine.Name(job.Status)}.");
        }

        // A job being cancelled ends cancelled whatever the site saw last; outputs and usage are kept.
        var to = job.Status == JobStatus.Cancelling ? JobStatus.Cancelled : completion.Outcome;
        var why = completion.Message is { Length: > 0 } message ? message : JobStateMachine.Name(to);
        var ended = JobStateMachine.Move(job, to, now, adapterId, why);
        return End(ended, now) with
        {
            ResourceUsage = completion.ResourceUsage,
            ProvenanceJson = completion.ProvenanceJson,
            FailureReason = to == JobStatus.Error ? Reason(completion.FailureReason) : FailureReason.None,
            FailureMessage = to == JobStatus.Error ? why : null,
        };
    }

    /// <summary>Cancels: queued jobs end at once, running ones wait for the site until the grace passes.</summary>
    public static JobSnapshot? Cancel(JobSnapshot job, string by, string why, DateTimeOffset now, JobOptions options)
    {
        switch (job.Status)
        {
            case JobStatus.Cancelling:
                return null;
            case JobStatus.Submitted or JobStatus.Validated:
                return End(JobStateMachine.Move(job, JobStatus.Cancelled, now, by, why), now);
            default:
                return JobStateMachine.Move(job, JobStatus.Cancelling, now, by, why) with { Deadline = now + options.CancelGrace };
        }
    }

    /// <summary>Applies the deadline that has passed, if any.</summary>
    public static JobSnapshot? Enforce(JobSnapshot job, DateTimeOffset now, JobOptions options)
    {
        if (job.Status == JobStatus.Cancelling && job.Deadline <= now)
        {
            return End(JobStateMachine.Move(job, JobStatus.Cancelled, now, Cluster, "the site did not confirm the cancel in time"), now);
        }

        if (job.Status == JobStatus.Running && job.StartedAt + job.Spec.WallTimeLimit <= now)
        {
            var ended = JobStateMachine.Move(job, JobStatus.Error, now, Cluster, $"wall-time limit of {job.Spec.WallTimeLimit} exceeded");
            return End(ended, now) with { FailureReason = FailureReason.Timeout, FailureMessage = ended.History[^1].Why };
        }

        if (job.Status is JobStatus.Validated or JobStatus.Running && job.LeaseExpiresAt <= now)
        {
            if (job.Attempt < options.MaxAttempts)
            {
                var requeued = JobStateMachine.Move(job, JobStatus.Submitted, now, Cluster, $"lease of {job.AdapterId} lapsed; attempt {job.Attempt + 1}");
                return requeued with { Attempt = job.Attempt + 1, AdapterId = null, LeaseExpiresAt = null, StartedAt = null };
            }

            var lost = JobStateMachine.Move(job, JobStatus.Error, now, Cluster, $"lease lost {job.Attempt} times");
            return End(lost, now) with { FailureReason = FailureReason.LostLease, FailureMessage = lost.History[^1].Why };
        }

        return null;
    }

    /// <summary>The next moment a deadline of the job falls due, or null when none applies.</summary>
    public static DateTimeOffset? DueAt(JobSnapshot job) => job.Status switch
    {
        JobStatus.Validated => job.LeaseExpiresAt,
        JobStatus.Running => Min(job.LeaseExpiresAt, job.StartedAt + job.Spec.WallTimeLimit),
        JobStatus.Cancelling => job.Deadline,
        _ => null,
    };

    private static JobSnapshot End(JobSnapshot job, DateTimeOffset now) =>
        job with { CompletedAt = now, LeaseExpiresAt = null, Deadline = null };

    private static FailureReason Reason(FailureReason reported) =>
        reported == FailureReason.None ? FailureReason.PlatformError : reported;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
