using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Tests.Jobs;

namespace Nmpi.Grains.Tests.Notifications;

/// <summary>Jobs moved through the real lifecycle functions, for the mail rules and texts.</summary>
internal static class Jobs
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly JobOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromMinutes(5),
        MaxAttempts = 1,
        CancelGrace = TimeSpan.FromSeconds(60),
        MaxWallTime = TimeSpan.FromHours(3),
    };

    public static JobSnapshot Queued() => JobLifecycle.Submit(JobStateMachineTests.Job(JobStatus.Submitted).Spec, T0, Options) with { Id = 42 };

    public static JobSnapshot Leased() => JobLifecycle.Lease(Queued(), "site/a", T0 + TimeSpan.FromSeconds(5), Options);

    public static JobSnapshot Running() => JobLifecycle.MarkRunning(Leased(), "site/a", new LeaseRef(42, 1), T0 + TimeSpan.FromSeconds(12))!;

    public static JobSnapshot Ended(JobStatus outcome, FailureReason reason = FailureReason.None, string message = "", TimeSpan? after = null) =>
        JobLifecycle.Complete(
            Running(),
            "site/a",
            new LeaseRef(42, 1),
            new JobCompletion { Outcome = outcome, FailureReason = reason, Message = message, ResourceUsage = new ResourceUsage(0.5, "core-hours") },
            T0 + TimeSpan.FromSeconds(12) + (after ?? TimeSpan.FromSeconds(83)))!;
}
