using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Lifecycle;

[Collection("postgres")]
public sealed class FencingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Reports_ForAJobCancelledBeforeItStarted_AreRefused_AndChangeNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var job = await alice.SubmitJobAsync(JobRequests.Inline());
        var leased = await adapter.LeaseJobAsync(job.Id);

        var cancelled = await alice.CancelJobAsync(new CancelJobRequest { Id = job.Id });
        var start = await Assert.ThrowsAsync<RpcException>(() => adapter.MarkRunningAsync(leased.Lease));
        var log = await Assert.ThrowsAsync<RpcException>(() => adapter.AppendLogAsync(leased.Lease, 0, "too late\n"));
        var upload = await Assert.ThrowsAsync<RpcException>(() => adapter.UploadAsync(leased.Lease, "out.txt", [1, 2, 3]));
        var heartbeat = await adapter.HeartbeatAsync(leased.Lease);

        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Equal(StatusCode.FailedPrecondition, start.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, log.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, upload.StatusCode);
        Assert.Contains(leased.Lease, heartbeat.Stop);
        var after = await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true });
        Assert.Equal(JobStatus.Cancelled, after.Status);
        Assert.Empty(after.OutputData);
        Assert.Equal("", after.Log);
        Assert.Equal(cancelled.History.Count, after.History.Count);
    }

    [Fact]
    public async Task AppendLog_SkippingAhead_IsRefused_AndAReportFromAnotherSiteIsNotFound()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());

        var gap = await Assert.ThrowsAsync<RpcException>(() => adapter.AppendLogAsync(leased.Lease, 3, "lost the first three\n"));
        var foreign = new TestAdapter(host.Adapters(PlatformHost.OtherSiteKey), adapter.Id);
        var denied = await Assert.ThrowsAsync<RpcException>(() => foreign.CompleteAsync(leased.Lease));
        var impostor = await TestAdapter.RegisterAsync(host, "spinn-x", "SpiNNaker", key: PlatformHost.OtherSiteKey);
        var fenced = await Assert.ThrowsAsync<RpcException>(() => impostor.CompleteAsync(leased.Lease));

        Assert.Equal(StatusCode.InvalidArgument, gap.StatusCode);
        Assert.Equal(StatusCode.NotFound, denied.StatusCode);
        Assert.Equal(StatusCode.NotFound, fenced.StatusCode);
        var after = await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true });
        Assert.Equal(JobStatus.Running, after.Status);
        Assert.Equal("", after.Log);
    }
}
