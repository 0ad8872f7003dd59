using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class JobMailRulesTests
{
    [Fact]
    public void StartingToRun_CallsForTheStartedMail_AndARenewedLeaseDoesNot()
    {
        Assert.Equal(JobMailKind.Started, JobMailRules.For(Jobs.Leased(), Jobs.Running()));
        var renewed = JobLifecycle.Renew(Jobs.Running(), "site/a", new LeaseRef(42, 1), Jobs.T0 + TimeSpan.FromMinutes(1), Jobs.Options)!;
        Assert.Null(JobMailRules.For(Jobs.Running(), renewed));
    }

    [Theory]
    [InlineData(JobStatus.Finished)]
    [InlineData(JobStatus.Error)]
    public void FinishingOrFailingAfterItRan_CallsForTheEndedMail(JobStatus outcome)
    {
        Assert.Equal(JobMailKind.Ended, JobMailRules.For(Jobs.Running(), Jobs.Ended(outcome)));
    }

    [Fact]
    public void CancelWhileRunning_MailsWhenTheJobIsCancelled_NotWhenTheCancelIsAsked()
    {
        var cancelling = JobLifecycle.Cancel(Jobs.Running(), "alice", "not needed", Jobs.T0 + TimeSpan.FromMinutes(1), Jobs.Options)!;
        Assert.Null(JobMailRules.For(Jobs.Running(), cancelling));
        var cancelled = JobLifecycle.Enforce(cancelling, Jobs.T0 + TimeSpan.FromHours(1), Jobs.Options)!;
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(JobMailKind.Ended, JobMailRules.For(cancelling, cancelled));
    }

    [Fact]
    public void JobCancelledBeforeItRan_GetsNoMail_ButOneThatFailedBeforeRunningDoes()
    {
        var queued = Jobs.Queued();
        Assert.Null(JobMailRules.For(queued, JobLifecycle.Cancel(queued, "alice", "oops", Jobs.T0, Jobs.Options)!));
        var leased = Jobs.Leased();
        Assert.Null(JobMailRules.For(leased, JobLifecycle.Cancel(leased, "alice", "oops", Jobs.T0, Jobs.Options)!));

        var lost = JobLifecycle.Enforce(leased, Jobs.T0 + TimeSpan.FromHours(1), Jobs.Options)!;
        Assert.Equal(JobStatus.Error, lost.Status);
        Assert.Equal(JobMailKind.Ended, JobMailRules.For(leased, lost));
    }

    [Fact]
    public void QueueMovesRequeuesAndRemoval_CallForNoMail()
    {
        Assert.Null(JobMailRules.For(Jobs.Queued(), Jobs.Leased()));
        var requeued = JobStateMachine.Move(Jobs.Running(), JobStatus.Submitted, Jobs.T0, "cluster", "lease lapsed");
        Assert.Null(JobMailRules.For(Jobs.Running(), requeued));
        var finished = Jobs.Ended(JobStatus.Finished);
        Assert.Null(JobMailRules.For(finished, JobStateMachine.Move(finished, JobStatus.Removed, Jobs.T0, "alice", "removed")));
        Assert.Null(JobMailRules.For(finished, finished with { Tags = ["x"] }));
    }

    [Fact]
    public void DedupKey_NamesTheJobTheEventAndTheUser()
    {
        Assert.Equal("job:42:started:alice", JobMailRules.DedupKey(42, JobMailKind.Started, "alice"));
        Assert.Equal("job:42:ended:alice", JobMailRules.DedupKey(42, JobMailKind.Ended, "alice"));
    }
}
