using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>
/// An adapter id belongs to the provider key that registered it: another key of the same site, scoped to another
/// platform, can neither take the adapter over (and with it its live leases) nor report through it.
/// </summary>
[Collection("postgres")]
public sealed class AdapterKeyBindingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ASameSiteKeyForAnotherPlatform_CannotTakeOverOrReportThroughAnotherKeysAdapter()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var spinnakerKey = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");
        var brainscalesKey = await KeyAdmin.CreateAsync(host, "lyon", "BrainScaleS");
        var adapter = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: spinnakerKey.Key);
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        var intruder = new TestAdapter(host.Adapters(brainscalesKey.Key), adapter.Id);

        var attempts = new Dictionary<string, Func<Task>>
        {
            ["RegisterAdapter"] = () => TestAdapter.RegisterAsync(host, "spin-1", "BrainScaleS", key: brainscalesKey.Key),
            ["LeaseJobs"] = () => intruder.LeaseAsync(1, TimeSpan.Zero),
            ["Heartbeat"] = () => intruder.HeartbeatAsync(leased.Lease),
            ["MarkRunning"] = () => intruder.MarkRunningAsync(leased.Lease),
            ["AppendLog"] = () => intruder.AppendLogAsync(leased.Lease, 1, "forged log"),
            ["UploadOutput"] = () => intruder.UploadAsync(leased.Lease, "forged.txt", [1, 2, 3]),
            ["CompleteJob"] = () => intruder.CompleteAsync(leased.Lease, Outcome.Error, FailureReason.PlatformError, "forged"),
            ["ReturnJobs"] = () => intruder.ReturnAsync(leased.Lease),
            ["DownloadCodeBundle"] = async () =>
            {
                using var call = intruder.Client.DownloadCodeBundle(new DownloadCodeBundleRequest { AdapterId = adapter.Id, Lease = leased.Lease });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            },
        };
        foreach (var (method, attempt) in attempts)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(attempt);
            Assert.True(refused.StatusCode == StatusCode.NotFound, $"{method} answered {refused.StatusCode}: {refused.Status.Detail}");
            Assert.Equal($"Adapter '{adapter.Id}' not found, or this API key may not use it.", refused.Status.Detail);
        }

        // Its own adapter, for its own platform, hears of the SpiNNaker job what it hears of one that does not exist.
        var own = await TestAdapter.RegisterAsync(host, "wafer-1", "BrainScaleS", key: brainscalesKey.Key);
        await ReportKinds.AssertAllLikeAJobThatDoesNotExistAsync(own, leased.Lease);

        // Nothing changed: the job still runs under the legitimate adapter, which restarts (re-registers) and finishes it.
        var running = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id });
        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Empty(running.OutputData);
        var restarted = await host.Adapters(spinnakerKey.Key).RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "spin-1", HardwarePlatform = "SpiNNaker", Capacity = 4 });
        Assert.Contains(restarted.LiveLeases, l => l.JobId == job.Id && l.Epoch == leased.Lease.Epoch);
        Assert.True((await adapter.CompleteAsync(leased.Lease)).Applied);
        Assert.Equal(JobStatus.Finished, (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Status);
    }

    [Fact]
    public async Task AnotherSitesKey_ReportingOnAJobThroughItsOwnAdapter_IsNotFound_LikeAJobThatDoesNotExist_AndChangesNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        Assert.True((await adapter.AppendLogAsync(leased.Lease, 0, "genuine\n")).Applied);
        var before = await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true });
        var other = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: PlatformHost.OtherSiteKey);

        await ReportKinds.AssertAllLikeAJobThatDoesNotExistAsync(other, leased.Lease);

        var after = await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true });
        Assert.Equal(JobStatus.Running, after.Status);
        Assert.Empty(after.OutputData);
        Assert.Equal("genuine\n", after.Log);
        Assert.Equal(before.History.Count, after.History.Count);

        // The site that runs the job still hears of its own stale lease as fenced, and finishes the job.
        var stale = await Assert.ThrowsAsync<RpcException>(() => adapter.CompleteAsync(new LeaseRef { JobId = job.Id, Epoch = leased.Lease.Epoch + 1 }));
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        Assert.True((await adapter.CompleteAsync(leased.Lease)).Applied);

        // Once the job has ended, a repeat of its end from the other site is still answered as for no job.
        var repeat = await Assert.ThrowsAsync<RpcException>(() => other.CompleteAsync(leased.Lease));
        Assert.Equal(StatusCode.NotFound, repeat.StatusCode);
        Assert.Equal($"Job {job.Id} not found.", repeat.Status.Detail);
    }
}
