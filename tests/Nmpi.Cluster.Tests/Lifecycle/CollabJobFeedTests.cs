using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using ICollabJobFeedGrain = Nmpi.GrainInterfaces.Jobs.ICollabJobFeedGrain;
using JobFeedVersion = Nmpi.GrainInterfaces.Jobs.JobFeedVersion;

namespace Nmpi.Cluster.Tests.Lifecycle;

/// <summary>
/// The collab job feed (ICollabJobFeedGrain) the open job lists wait on: moved by every committed create, state move, tag
/// change and removal of the collab's jobs, and by nothing else; followed over gRPC with WatchCollabJobs.
/// </summary>
[Collection("postgres")]
public sealed class CollabJobFeedTests(PostgresFixture postgres)
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Feed_WakesAWaiter_OnSubmitEachStateMoveTagChangeAndRemove_ButNotOnAComment()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var feed = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICollabJobFeedGrain>("neuro");
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "feed-site", "SpiNNaker");
        var start = await feed.WaitForChangeAsync(default, LongWait);

        Job job = null!;
        var submitted = await NextAsync(feed, start, async () => job = await alice.SubmitJobAsync(JobRequests.Inline()));
        LeasedJob leased = null!;
        var validated = await NextAsync(feed, submitted, async () => leased = await adapter.LeaseJobAsync(job.Id));
        var running = await NextAsync(feed, validated, () => adapter.MarkRunningAsync(leased.Lease));
        var finished = await NextAsync(feed, running, () => adapter.CompleteAsync(leased.Lease));
        await alice.AddCommentAsync(new AddCommentRequest { Id = job.Id, Text = "not shown in a list" });
        var tagged = await NextAsync(feed, finished, () => alice.UpdateTagsAsync(new UpdateTagsRequest { Id = job.Id, Add = { "kept" } }).ResponseAsync);
        var removed = await NextAsync(feed, tagged, () => alice.DeleteJobAsync(new DeleteJobRequest { Id = job.Id }).ResponseAsync);

        Assert.Equal(JobStatus.Removed, (await alice.GetJobAsync(new GetJobRequest { Id = job.Id })).Status);
        // One activation all along, one step per change the list would show: the comment moved nothing.
        Assert.All(new[] { submitted, validated, running, finished, tagged, removed }, v => Assert.Equal(start.Epoch, v.Epoch));
        Assert.Equal(start.Count + 6, removed.Count);
    }

    [Fact]
    public async Task Feed_AnswersAStaleVersionAtOnce_AQuietWaitEndsWithTheSameVersion_AndAnotherCollabsJobsMoveNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var neuro = grains.GetGrain<ICollabJobFeedGrain>("neuro");
        var other = grains.GetGrain<ICollabJobFeedGrain>("other");
        var current = await neuro.WaitForChangeAsync(default, LongWait);

        // A waiter that is up to date keeps waiting while one that is behind (an older activation's epoch) is answered.
        var upToDate = neuro.WaitForChangeAsync(current, LongWait);
        var stale = neuro.WaitForChangeAsync(new JobFeedVersion(Guid.NewGuid(), current.Count), LongWait);
        Assert.Same(stale, await Task.WhenAny(upToDate, stale));
        Assert.Equal(current, await stale);
        Assert.False(upToDate.IsCompleted, "the up-to-date waiter returned without a change");

        // Nothing changes in neuro while carol's job of another collab is stored and moves that collab's feed.
        var otherBefore = await other.WaitForChangeAsync(default, LongWait);
        var otherAfter = await NextAsync(other, otherBefore, () => host.Jobs(PlatformHost.CarolToken).SubmitJobAsync(JobRequests.Inline(collab: "other")).ResponseAsync);
        Assert.Equal(otherBefore.Count + 1, otherAfter.Count);
        var quiet = await neuro.WaitForChangeAsync(current, TimeSpan.FromMilliseconds(300));
        Assert.Equal(current, quiet);
        Assert.False(upToDate.IsCompleted, "a job of another collab woke the waiter");

        // The waiter that kept waiting wakes on neuro's next job.
        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        var woken = await upToDate;
        Assert.Equal(current with { Count = current.Count + 1 }, woken);
    }

    [Fact]
    public async Task WatchCollabJobs_SendsANoticeAtOnce_ThenOneWhenAnotherMemberSubmits_AndRefusesABadCollabName()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var watch = host.Jobs(PlatformHost.BobToken).WatchCollabJobs(new WatchCollabJobsRequest { Collab = "neuro" }, deadline: DateTime.UtcNow.AddMinutes(2));
        Assert.True(await watch.ResponseStream.MoveNext(), "no first notice");
        var first = watch.ResponseStream.Current.Version;

        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        Assert.True(await watch.ResponseStream.MoveNext(), "no notice for alice's job");
        Assert.NotEqual(first, watch.ResponseStream.Current.Version);
        Assert.NotEmpty(watch.ResponseStream.Current.Version);

        using var bad = host.Jobs(PlatformHost.BobToken).WatchCollabJobs(new WatchCollabJobsRequest { Collab = "no spaces" });
        var refused = await Assert.ThrowsAsync<RpcException>(() => bad.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("collab", refused.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts waiting on the feed, makes the change, and returns the version the waiter got. A wait that ends quietly (a
    /// very slow machine) is repeated: only a notice moves the version, so without one this fails after a minute.
    /// </summary>
    private static async Task<JobFeedVersion> NextAsync(ICollabJobFeedGrain feed, JobFeedVersion seen, Func<Task> change)
    {
        var waiter = feed.WaitForChangeAsync(seen, LongWait);
        await change();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var now = await waiter;
        while (now == seen && DateTime.UtcNow < deadline)
        {
            now = await feed.WaitForChangeAsync(seen, LongWait);
        }

        Assert.NotEqual(seen, now);
        return now;
    }
}
