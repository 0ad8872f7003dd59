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
    public async Task ListJobs_OverSeveralCollabs_MergesThemNewestFirst_PageByPage()
    {
        // alice views "other" as well as "neuro"; carol submits to "other", alice to "neuro", turn about.
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Auth:Users:0:Collabs:other"] = "viewer" });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var carol = host.Jobs(PlatformHost.CarolToken);
        var submitted = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var (client, collab) = i % 2 == 0 ? (alice, "neuro") : (carol, "other");
            submitted.Add((await client.SubmitJobAsync(JobRequests.Inline(collab: collab))).Id);
        }

        var seen = new List<long>();
        var token = "";
        do
        {
            var page = await alice.ListJobsAsync(new ListJobsRequest { PageSize = 2, PageToken = token });
            Assert.Equal(7, page.TotalCount);
            Assert.False(page.TotalCountCapped);
            seen.AddRange(page.Jobs.Select(j => j.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(submitted.OrderDescending(), seen);

        // carol sees her collab's jobs only, and bob (neuro) never sees "other".
        var carols = await carol.ListJobsAsync(new ListJobsRequest());
        Assert.Equal(submitted.Where((_, i) => i % 2 == 1).OrderDescending(), carols.Jobs.Select(j => j.Id));
        var bobs = await host.Jobs(PlatformHost.BobToken).ListJobsAsync(new ListJobsRequest { PageSize = 500 });
        Assert.All(bobs.Jobs, j => Assert.Equal("neuro", j.Collab));
        Assert.Equal(4, bobs.TotalCount);
    }

    [Fact]
    public async Task ListJobs_CountsMatchesUpToTenThousand_ThenSaysAtLeastThatMany()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var template = await alice.SubmitJobAsync(JobRequests.Inline());

        // 10,050 finished jobs of the same collab, written straight into the table (submitting them would take
        // minutes): copies of the submitted job's row.
        await using (var connection = new Npgsql.NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var copy = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO nmpi_jobs (request_id, request_hash, user_id, collab, platform, status, tags, submitted_at, completed_at, spec, doc)
                SELECT 'copy-' || g, request_hash, user_id, collab, platform, 'finished', '{}', submitted_at - make_interval(secs => g),
                       submitted_at, spec || jsonb_build_object('requestId', 'copy-' || g, 'tags', '[]'::jsonb), doc || '{"status": "Finished", "tags": []}'
                FROM nmpi_jobs, generate_series(1, 10050) AS g WHERE id = @id
                """, connection);
            copy.Parameters.AddWithValue("id", template.Id);
            Assert.Equal(10050, await copy.ExecuteNonQueryAsync());
        }

        var newest = await alice.SubmitJobAsync(JobRequests.Inline(tags: "only-this-one"));

        var all = await alice.ListJobsAsync(new ListJobsRequest { Collab = "neuro" });
        Assert.Equal(10_000, all.TotalCount);
        Assert.True(all.TotalCountCapped);
        Assert.Equal(newest.Id, all.Jobs[0].Id);
        Assert.Equal(50, all.Jobs.Count);

        var finished = await alice.ListJobsAsync(new ListJobsRequest { Status = { JobStatus.Finished }, PageSize = 500 });
        Assert.True(finished.TotalCountCapped);
        Assert.Equal(500, finished.Jobs.Count);
        Assert.All(finished.Jobs, j => Assert.Equal(JobStatus.Finished, j.Status));

        // Under the limit the count is exact.
        var tagged = await alice.ListJobsAsync(new ListJobsRequest { Tag = "only-this-one" });
        Assert.Equal(1, tagged.TotalCount);
        Assert.False(tagged.TotalCountCapped);
        var queued = await alice.ListJobsAsync(new ListJobsRequest { Collab = "neuro", Status = { JobStatus.Submitted, JobStatus.Validated } });
        Assert.Equal([newest.Id, template.Id], queued.Jobs.Select(j => j.Id));
        Assert.Equal(2, queued.TotalCount);
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
