using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Lifecycle;

[Collection("postgres")]
public sealed class ListJobsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ListJobs_PagesThroughAThousandJobs_NewestFirst_WithFilters()
    {
        // A thousand submits at once is far beyond a user's write rate limit; this test is about listing.
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Gateway:WriteRateLimit:Burst"] = "2000" });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var platforms = new[] { "BrainScaleS", "SpiNNaker", "BrainScaleS-ESS", "Spikey" };
        var start = DateTime.UtcNow;
        var submits = Enumerable.Range(0, 1000).Select(i =>
            alice.SubmitJobAsync(JobRequests.Inline(platform: platforms[i % 4], tags: i % 10 == 0 ? ["tenth"] : [])).ResponseAsync);
        var jobs = await Task.WhenAll(submits);
        var cancelled = jobs.Where((_, i) => i % 100 == 0).ToList();
        foreach (var job in cancelled)
        {
            await alice.CancelJobAsync(new CancelJobRequest { Id = job.Id });
        }

        var seen = new List<long>();
        string? token = null;
        long total = 0;
        do
        {
            var page = await alice.ListJobsAsync(new ListJobsRequest { Collab = "neuro", PageSize = 137, PageToken = token ?? "" });
            total = page.TotalCount;
            seen.AddRange(page.Jobs.Select(j => j.Id));
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(1000, total);
        Assert.Equal(jobs.Select(j => j.Id).OrderDescending(), seen);

        var spinnaker = await alice.ListJobsAsync(new ListJobsRequest { HardwarePlatform = "SpiNNaker", PageSize = 500 });
        Assert.Equal(250, spinnaker.TotalCount);
        Assert.All(spinnaker.Jobs, j => Assert.Equal("SpiNNaker", j.HardwarePlatform));

        var tagged = await alice.ListJobsAsync(new ListJobsRequest { Tag = "tenth", PageSize = 500 });
        Assert.Equal(100, tagged.TotalCount);

        var cancelledList = await alice.ListJobsAsync(new ListJobsRequest { Status = { JobStatus.Cancelled } });
        Assert.Equal(cancelled.Select(j => j.Id).OrderDescending(), cancelledList.Jobs.Select(j => j.Id));

        var byUser = await alice.ListJobsAsync(new ListJobsRequest { UserId = "someone-else" });
        Assert.Equal(0, byUser.TotalCount);

        var inWindow = await alice.ListJobsAsync(new ListJobsRequest
        {
            SubmittedAfter = Timestamp.FromDateTime(start.AddMinutes(-1)),
            SubmittedBefore = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)),
            PageSize = 1,
        });
        Assert.Equal(1000, inWindow.TotalCount);
        var future = await alice.ListJobsAsync(new ListJobsRequest { SubmittedAfter = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1)) });
        Assert.Equal(0, future.TotalCount);

        var bad = await Assert.ThrowsAsync<RpcException>(() => alice.ListJobsAsync(new ListJobsRequest { PageToken = "garbage!" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task DeleteJob_HidesAFinishedJob_AndRefusesAQueuedOne()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var queued = await alice.SubmitJobAsync(JobRequests.Inline());
        var done = await alice.SubmitJobAsync(JobRequests.Inline());
        await alice.CancelJobAsync(new CancelJobRequest { Id = done.Id });

        var refused = await Assert.ThrowsAsync<RpcException>(() => alice.DeleteJobAsync(new DeleteJobRequest { Id = queued.Id }).ResponseAsync);
        var removed = await alice.DeleteJobAsync(new DeleteJobRequest { Id = done.Id });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(JobStatus.Removed, removed.Status);
        var listed = await alice.ListJobsAsync(new ListJobsRequest());
        Assert.Equal([queued.Id], listed.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task TagsAndComments_AreKeptOnTheJob()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var job = await alice.SubmitJobAsync(JobRequests.Inline(tags: "a"));

        var tagged = await alice.UpdateTagsAsync(new UpdateTagsRequest { Id = job.Id, Add = { "b", "c" }, Remove = { "a" } });
        var comment = await alice.AddCommentAsync(new AddCommentRequest { Id = job.Id, Text = "promising run" });

        Assert.Equal(["b", "c"], tagged.Tags.Order());
        Assert.Equal("promising run", comment.Text);
        var reread = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });
        Assert.Equal("alice", Assert.Single(reread.Comments).UserId);
        Assert.Equal(1, (await alice.ListJobsAsync(new ListJobsRequest { Tag = "c" })).TotalCount);
    }

    [Fact]
    public async Task QueuedJob_ExplainsWhyItWaits()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var first = await alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));
        var second = await alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));

        var waiting = await alice.GetJobAsync(new GetJobRequest { Id = second.Id });

        Assert.Equal(WaitReason.NoAdapterOnline, waiting.Wait.Reason);
        Assert.Equal(1, waiting.Wait.Position);
        var adapter = await TestAdapter.RegisterAsync(host, "spikey-1", "Spikey", capacity: 1);
        var leased = await adapter.LeaseJobAsync(first.Id);
        var full = await alice.GetJobAsync(new GetJobRequest { Id = second.Id });
        Assert.Equal(WaitReason.CapacityFull, full.Wait.Reason);
        Assert.Equal(0, full.Wait.Position);
        Assert.NotNull(leased);
    }
}
