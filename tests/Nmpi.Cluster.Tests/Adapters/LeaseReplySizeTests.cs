using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// Several jobs of maximal size leased together used to make one LeaseJobs reply larger than the adapter's 4 MiB
/// receive limit: the leases were granted but never received, lapsed, and every job of the batch failed after three
/// tries. Replies are now bounded in bytes, so the jobs come in successive batches and all of them run.
/// </summary>
[Collection("postgres")]
public sealed class LeaseReplySizeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task LargeJobs_LeasedByAnAdapterWithRoomForAll_ComeInSuccessiveBatches_AndNoneFails()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var request = JobRequests.Inline();
            request.Code = new JobCode { Inline = $"# job {i}\n" + new string('#', 1000 * 1024) };
            ids.Add((await alice.SubmitJobAsync(request)).Id);
        }

        // The adapter's view: a channel with gRPC's default 4 MiB receive limit, as adapters had before this fix.
        using var channel = GrpcChannel.ForAddress(host.GrpcUrl);
        var client = new AdaptersClient(channel.Intercept(headers =>
        {
            headers.Add("x-api-key", PlatformHost.SiteKey);
            return headers;
        }));
        var adapter = await TestAdapter.RegisterAsync(client, "big-1", "SpiNNaker", capacity: 8);

        var batches = new List<IReadOnlyList<LeasedJob>>();
        while (batches.Sum(b => b.Count) < ids.Count && batches.Count < 10)
        {
            batches.Add(await adapter.LeaseAsync(8, TimeSpan.FromSeconds(2)));
        }

        Assert.Equal(ids.Order(), batches.SelectMany(b => b).Select(j => j.Job.Id).Order());
        Assert.True(batches.Count(b => b.Count > 0) >= 2, "the jobs did not fit one reply and must have come in several");
        foreach (var leased in batches.SelectMany(b => b))
        {
            await adapter.MarkRunningAsync(leased.Lease);
            Assert.True((await adapter.CompleteAsync(leased.Lease)).Applied);
        }

        foreach (var id in ids)
        {
            Assert.Equal(JobStatus.Finished, (await alice.GetJobAsync(new GetJobRequest { Id = id })).Status);
        }
    }
}
