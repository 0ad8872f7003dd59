using System.Security.Cryptography;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Lifecycle;

[Collection("postgres")]
public sealed class JobLifecycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Job_RunsThroughTheWholeLifecycle_AndItsOutputDownloadsIntact()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var submitted = await alice.SubmitJobAsync(JobRequests.Inline(tags: "first"));
        Assert.Equal(JobStatus.Submitted, submitted.Status);
        Assert.Equal("alice", submitted.UserId);

        using var watch = alice.WatchJob(new WatchJobRequest { Id = submitted.Id });
        Assert.True(await watch.ResponseStream.MoveNext());
        var seen = new List<JobStatus> { watch.ResponseStream.Current.Status };
        var watching = Task.Run(async () =>
        {
            await foreach (var job in watch.ResponseStream.ReadAllAsync())
            {
                if (seen.Count == 0 || seen[^1] != job.Status)
                {
                    seen.Add(job.Status);
                }
            }
        });

        var leased = await adapter.LeaseJobAsync(submitted.Id);
        Assert.Equal(1, leased.Lease.Epoch);
        Assert.Equal("import pyNN.nest as sim\nsim.setup()\nsim.run(10)\n", leased.Job.Code.Inline);
        Assert.True((await adapter.MarkRunningAsync(leased.Lease)).Applied);
        Assert.False((await adapter.MarkRunningAsync(leased.Lease)).Applied);

        using var follow = alice.FollowJobLog(new FollowJobLogRequest { Id = submitted.Id });
        await adapter.AppendLogAsync(leased.Lease, 0, "neurons created\n");
        Assert.True(await follow.ResponseStream.MoveNext());
        Assert.Equal("neurons created\n", follow.ResponseStream.Current.Text);
        await adapter.AppendLogAsync(leased.Lease, 1, "simulation done\n");
        Assert.False((await adapter.AppendLogAsync(leased.Lease, 1, "simulation done\n")).Applied);
        Assert.True(await follow.ResponseStream.MoveNext());
        Assert.Equal("simulation done\n", follow.ResponseStream.Current.Text);

        var content = RandomNumberGenerator.GetBytes(300_000);
        var uploaded = await adapter.UploadAsync(leased.Lease, "results/spikes.npz", content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), uploaded.Sha256);
        Assert.Equal(content.Length, uploaded.Size);

        Assert.True((await adapter.CompleteAsync(leased.Lease)).Applied);
        Assert.False((await adapter.CompleteAsync(leased.Lease)).Applied);
        await watching;
        Assert.Equal([JobStatus.Submitted, JobStatus.Validated, JobStatus.Running, JobStatus.Finished], seen);
        Assert.False(await follow.ResponseStream.MoveNext());

        var finished = await alice.GetJobAsync(new GetJobRequest { Id = submitted.Id, IncludeLog = true });
        Assert.Equal(JobStatus.Finished, finished.Status);
        Assert.Equal("neurons created\nsimulation done\n", finished.Log);
        Assert.Equal(0.25, finished.ResourceUsage.Value);
        Assert.Equal("core-hours", finished.ResourceUsage.Units);
        Assert.Equal("test-adapter", finished.Provenance.Fields["adapter"].StringValue);
        var output = Assert.Single(finished.OutputData);
        Assert.Equal("results/spikes.npz", output.Path);

        using var download = alice.DownloadOutput(new DownloadOutputRequest { Id = submitted.Id, Path = output.Path });
        using var received = new MemoryStream();
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(received);
        }

        Assert.Equal(content, received.ToArray());

        using var http = new HttpClient();
        var viaUrl = await http.GetByteArrayAsync(output.Url);
        Assert.Equal(content, viaUrl);
        Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(viaUrl)));
    }

    [Fact]
    public async Task SubmitJob_WithTheSameRequestId_ReturnsTheSameJob()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var request = JobRequests.Inline(requestId: "retry-me-0001");

        var first = await alice.SubmitJobAsync(request);
        var again = await alice.SubmitJobAsync(request);

        Assert.Equal(first.Id, again.Id);
        var listed = await alice.ListJobsAsync(new ListJobsRequest { Collab = "neuro" });
        Assert.Equal(1, listed.TotalCount);

        var changed = request.Clone();
        changed.Command = "other.py {system}";
        var reused = await Assert.ThrowsAsync<RpcException>(() => alice.SubmitJobAsync(changed).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
    }

    [Fact]
    public async Task LapsedLease_RequeuesTheJob_AndOnlyTheSecondAdapterFinishesIt()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Jobs:LeaseDuration"] = "00:00:01",
            ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.250",
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var first = await TestAdapter.RegisterAsync(host, "spinn-a", "SpiNNaker");
        var job = await alice.SubmitJobAsync(JobRequests.Inline());

        var lost = await first.LeaseJobAsync(job.Id);
        await first.MarkRunningAsync(lost.Lease);
        await first.AppendLogAsync(lost.Lease, 0, "first attempt\n");

        // No heartbeats: the lease lapses, the sweeper sends the job back to the queue.
        var requeued = await JobRequests.WaitForStatusAsync(alice, job.Id, JobStatus.Submitted);
        Assert.Equal(2, requeued.Attempt);

        var second = await TestAdapter.RegisterAsync(host, "spinn-b", "SpiNNaker", key: PlatformHost.OtherSiteKey);
        var won = await second.LeaseJobAsync(job.Id);
        Assert.Equal(2, won.Lease.Epoch);
        await second.MarkRunningAsync(won.Lease);

        // The job is another site's now: the stale report is answered as for a job that does not exist (issue 14, L-1).
        var stale = await Assert.ThrowsAsync<RpcException>(() => first.CompleteAsync(lost.Lease));
        Assert.Equal(StatusCode.NotFound, stale.StatusCode);
        var staleHeartbeat = await first.HeartbeatAsync(lost.Lease);
        Assert.Contains(lost.Lease, staleHeartbeat.Stop);

        Assert.True((await second.CompleteAsync(won.Lease)).Applied);
        var done = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });
        Assert.Equal(JobStatus.Finished, done.Status);
        Assert.Single(done.History, t => t.To == JobStatus.Finished);
        Assert.Equal("mcr/spinn-b", done.History.Last(t => t.To == JobStatus.Finished).By);
    }

    [Fact]
    public async Task ReturnJobs_GivesAnUnstartedJobBack_WithoutSpendingAnAttempt()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var leaving = await TestAdapter.RegisterAsync(host, "spinn-a", "SpiNNaker");
        var unstarted = await alice.SubmitJobAsync(JobRequests.Inline());
        var started = await alice.SubmitJobAsync(JobRequests.Inline());
        var first = await leaving.LeaseJobAsync(unstarted.Id);
        var second = await leaving.LeaseJobAsync(started.Id);
        await leaving.MarkRunningAsync(second.Lease);

        var returned = await leaving.ReturnAsync(first.Lease, second.Lease);

        Assert.Equal([first.Lease], returned);
        Assert.Equal([first.Lease], await leaving.ReturnAsync(first.Lease));
        var back = await alice.GetJobAsync(new GetJobRequest { Id = unstarted.Id });
        Assert.Equal(JobStatus.Submitted, back.Status);
        Assert.Equal(1, back.Attempt);
        var other = await TestAdapter.RegisterAsync(host, "spinn-b", "SpiNNaker");
        var again = await other.LeaseJobAsync(unstarted.Id);
        Assert.Equal(first.Lease.Epoch + 1, again.Lease.Epoch);
        Assert.Empty(await leaving.ReturnAsync(first.Lease));
        Assert.Equal(JobStatus.Running, (await alice.GetJobAsync(new GetJobRequest { Id = started.Id })).Status);
    }

    [Fact]
    public async Task Cancel_QueuedJob_EndsCancelledAtOnce()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var job = await alice.SubmitJobAsync(JobRequests.Inline());

        var cancelled = await alice.CancelJobAsync(new CancelJobRequest { Id = job.Id, Reason = "typo" });

        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        Assert.Empty(await adapter.LeaseAsync(wait: TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Cancel_RunningJob_GoesCancelling_UntilTheSiteConfirms()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        var alive = await adapter.HeartbeatAsync(leased.Lease);
        Assert.Equal([leased.Lease], alive.Renewed);
        Assert.True(alive.LeaseExpiresAt.ToDateTimeOffset() > leased.LeaseExpiresAt.ToDateTimeOffset());

        var cancelling = await alice.CancelJobAsync(new CancelJobRequest { Id = job.Id });
        Assert.Equal(JobStatus.Cancelling, cancelling.Status);

        var heartbeat = await adapter.HeartbeatAsync(leased.Lease);
        Assert.Contains(leased.Lease, heartbeat.Stop);
        Assert.Empty(heartbeat.Renewed);
        await adapter.CompleteAsync(leased.Lease, Outcome.Cancelled, message: "killed the process group");

        var ended = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });
        Assert.Equal(JobStatus.Cancelled, ended.Status);
    }

    [Fact]
    public async Task Cancel_RunningJob_EndsCancelled_WhenTheSiteNeverConfirms()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Jobs:CancelGrace"] = "00:00:01",
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());

        await alice.CancelJobAsync(new CancelJobRequest { Id = job.Id });

        var ended = await JobRequests.WaitForStatusAsync(alice, job.Id, JobStatus.Cancelled);
        Assert.Contains("did not confirm", ended.History[^1].Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningJob_PastItsWallTime_EndsInTimeoutError()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var request = JobRequests.Inline();
        request.WallTimeLimit = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, request);

        var ended = await JobRequests.WaitForStatusAsync(alice, job.Id, JobStatus.Error);

        Assert.Equal(FailureReason.Timeout, ended.Failure.Reason);
        Assert.Contains(leased.Lease, (await adapter.HeartbeatAsync(leased.Lease)).Stop);
    }

    [Fact]
    public async Task JobOfAnotherCollab_AnswersNotFound()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var job = await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        var carol = host.Jobs(PlatformHost.CarolToken);

        var get = await Assert.ThrowsAsync<RpcException>(() => carol.GetJobAsync(new GetJobRequest { Id = job.Id }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => carol.GetJobAsync(new GetJobRequest { Id = job.Id + 1000 }).ResponseAsync);
        var cancel = await Assert.ThrowsAsync<RpcException>(() => carol.CancelJobAsync(new CancelJobRequest { Id = job.Id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal(missing.Status.Detail.Replace((job.Id + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "#"), get.Status.Detail.Replace(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "#"));
        Assert.Equal(StatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(0, (await carol.ListJobsAsync(new ListJobsRequest())).TotalCount);
        Assert.Equal(JobStatus.Submitted, (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Status);
    }
}
