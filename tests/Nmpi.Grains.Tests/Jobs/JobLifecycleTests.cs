using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;

namespace Nmpi.Grains.Tests.Jobs;

public sealed class JobLifecycleTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-25T12:00:00Z");
    private static readonly JobOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxAttempts = 2,
        CancelGrace = TimeSpan.FromSeconds(60),
        MaxWallTime = TimeSpan.FromHours(1),
    };

    private static JobSnapshot Queued() => JobLifecycle.Submit(JobStateMachineTests.Job(JobStatus.Submitted).Spec, T0, Options) with { Id = 7 };

    private static JobSnapshot Running(string adapter = "site/a")
    {
        var leased = JobLifecycle.Lease(Queued(), adapter, T0, Options);
        return JobLifecycle.MarkRunning(leased, adapter, new LeaseRef(7, leased.LeaseEpoch), T0)!;
    }

    [Fact]
    public void Submit_KeepsTheAskedWallTime_ButNeverMoreThanThePlatformLimit()
    {
        var spec = JobStateMachineTests.Job(JobStatus.Submitted).Spec;
        Assert.Equal(TimeSpan.FromMinutes(10), JobLifecycle.Submit(spec, T0, Options).Spec.WallTimeLimit);
        Assert.Equal(TimeSpan.FromHours(1), JobLifecycle.Submit(spec with { WallTimeLimit = TimeSpan.FromDays(3) }, T0, Options).Spec.WallTimeLimit);
        Assert.Equal(TimeSpan.FromHours(1), JobLifecycle.Submit(spec with { WallTimeLimit = null }, T0, Options).Spec.WallTimeLimit);
    }

    [Fact]
    public void Lease_ValidatesTheJob_AndBumpsTheEpoch()
    {
        var leased = JobLifecycle.Lease(Queued(), "site/a", T0, Options);

        Assert.Equal(JobStatus.Validated, leased.Status);
        Assert.Equal(1, leased.LeaseEpoch);
        Assert.Equal("site/a", leased.AdapterId);
        Assert.Equal(T0.AddSeconds(30), leased.LeaseExpiresAt);
        Assert.Equal(leased.LeaseExpiresAt, JobLifecycle.DueAt(leased));
        Assert.False(JobLifecycle.IsLeasable(leased));
        Assert.Throws<JobRejectedException>(() => JobLifecycle.Lease(leased, "site/b", T0, Options));
    }

    [Fact]
    public void Reports_WithAStaleEpochOrAnotherAdapter_AreRefused()
    {
        var running = Running();

        var stale = Assert.Throws<JobRejectedException>(() =>
            JobLifecycle.Complete(running, "site/a", new LeaseRef(7, 0), new JobCompletion { Outcome = JobStatus.Finished }, T0));
        Assert.Equal(JobRejection.StaleLease, stale.Rejection);
        Assert.Throws<JobRejectedException>(() => JobLifecycle.MarkRunning(running, "site/b", new LeaseRef(7, 1), T0));
        Assert.Null(JobLifecycle.Renew(running, "site/b", new LeaseRef(7, 1), T0, Options));
    }

    [Fact]
    public void Return_UnstartedJob_GoesBackToTheQueue_AtTheSameAttempt()
    {
        var leased = JobLifecycle.Lease(Queued(), "site/a", T0, Options);

        var returned = JobLifecycle.Return(leased, "site/a", new LeaseRef(7, 1), T0)!;

        Assert.Equal(JobStatus.Submitted, returned.Status);
        Assert.Equal(1, returned.Attempt);
        Assert.True(JobLifecycle.IsLeasable(returned));
        Assert.Null(JobLifecycle.Return(returned, "site/a", new LeaseRef(7, 1), T0));
        Assert.Throws<JobRejectedException>(() => JobLifecycle.Return(Running(), "site/a", new LeaseRef(7, 1), T0));
        Assert.Throws<JobRejectedException>(() => JobLifecycle.Return(leased, "site/b", new LeaseRef(7, 1), T0));
    }

    [Fact]
    public void MarkRunning_Repeated_IsANoOp()
    {
        Assert.Null(JobLifecycle.MarkRunning(Running(), "site/a", new LeaseRef(7, 1), T0));
    }

    [Fact]
    public void Complete_Finished_EndsTheJobOnce()
    {
        var completion = new JobCompletion { Outcome = JobStatus.Finished, ResourceUsage = new ResourceUsage(0.5, "core-hours") };
        var finished = JobLifecycle.Complete(Running(), "site/a", new LeaseRef(7, 1), completion, T0.AddMinutes(1))!;

        Assert.Equal(JobStatus.Finished, finished.Status);
        Assert.Equal(T0.AddMinutes(1), finished.CompletedAt);
        Assert.Equal(new ResourceUsage(0.5, "core-hours"), finished.ResourceUsage);
        Assert.Null(JobLifecycle.DueAt(finished));
        Assert.Null(JobLifecycle.Complete(finished, "site/a", new LeaseRef(7, 1), completion, T0.AddMinutes(2)));
        Assert.Throws<JobRejectedException>(() =>
            JobLifecycle.Complete(finished, "site/a", new LeaseRef(7, 1), new JobCompletion { Outcome = JobStatus.Error }, T0));
    }

    [Fact]
    public void Complete_Error_WithoutAReason_CountsAsPlatformError()
    {
        var failed = JobLifecycle.Complete(Running(), "site/a", new LeaseRef(7, 1), new JobCompletion { Outcome = JobStatus.Error, Message = "boom" }, T0)!;

        Assert.Equal(FailureReason.PlatformError, failed.FailureReason);
        Assert.Equal("boom", failed.FailureMessage);
    }

    [Fact]
    public void Cancel_Queued_EndsAtOnce()
    {
        var cancelled = JobLifecycle.Cancel(Queued(), "alice", "not needed", T0, Options)!;

        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(T0, cancelled.CompletedAt);
    }

    [Fact]
    public void Cancel_Running_WaitsForTheSite_ThenEndsCancelledWhateverItReports()
    {
        var cancelling = JobLifecycle.Cancel(Running(), "alice", "stop", T0, Options)!;
        Assert.Equal(JobStatus.Cancelling, cancelling.Status);
        Assert.Equal(T0.AddSeconds(60), JobLifecycle.DueAt(cancelling));
        Assert.Null(JobLifecycle.Cancel(cancelling, "alice", "again", T0, Options));
        Assert.Null(JobLifecycle.Renew(cancelling, "site/a", new LeaseRef(7, 1), T0, Options));

        var confirmed = JobLifecycle.Complete(cancelling, "site/a", new LeaseRef(7, 1), new JobCompletion { Outcome = JobStatus.Finished }, T0)!;
        Assert.Equal(JobStatus.Cancelled, confirmed.Status);
    }

    [Fact]
    public void Enforce_CancelNotConfirmedInTime_EndsCancelled()
    {
        var cancelling = JobLifecycle.Cancel(Running(), "alice", "stop", T0, Options)!;

        Assert.Null(JobLifecycle.Enforce(cancelling, T0.AddSeconds(59), Options));
        Assert.Equal(JobStatus.Cancelled, JobLifecycle.Enforce(cancelling, T0.AddSeconds(60), Options)!.Status);
    }

    [Fact]
    public void Enforce_WallTimeExceeded_EndsInTimeoutError()
    {
        var running = JobLifecycle.Renew(Running(), "site/a", new LeaseRef(7, 1), T0.AddMinutes(9).AddSeconds(50), Options)!;

        Assert.Null(JobLifecycle.Enforce(running, T0.AddMinutes(9), Options));
        var timedOut = JobLifecycle.Enforce(running, T0.AddMinutes(10), Options)!;
        Assert.Equal(JobStatus.Error, timedOut.Status);
        Assert.Equal(FailureReason.Timeout, timedOut.FailureReason);
    }

    [Fact]
    public void Enforce_LapsedLease_RequeuesWithTheNextAttempt_ThenEndsInLostLease()
    {
        var first = Running();
        Assert.Null(JobLifecycle.Enforce(first, T0.AddSeconds(29), Options));

        var requeued = JobLifecycle.Enforce(first, T0.AddSeconds(30), Options)!;
        Assert.Equal(JobStatus.Submitted, requeued.Status);
        Assert.Equal(2, requeued.Attempt);
        Assert.True(JobLifecycle.IsLeasable(requeued));

        var second = JobLifecycle.Lease(requeued, "site/b", T0.AddSeconds(31), Options);
        Assert.Equal(2, second.LeaseEpoch);
        var lost = JobLifecycle.Enforce(second, T0.AddSeconds(61), Options)!;
        Assert.Equal(JobStatus.Error, lost.Status);
        Assert.Equal(FailureReason.LostLease, lost.FailureReason);
    }
}
