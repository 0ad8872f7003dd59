using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>The in-process counterpart of the cluster restart: fast coverage of a queue rebuilt from its rows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SiloRestart_WithQueuedJobs_DispatchesThemAfterwards()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await alice.SubmitJobAsync(JobRequests.Inline(requestId: $"before-restart-{i}"))).Id);
        }

        await host.StopSiloAsync();
        await host.StartSiloAsync();

        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker", capacity: 5);
        var leases = new Dictionary<long, LeaseRef>();
        await Eventually.HoldsAsync(
            async () =>
            {
                foreach (var leased in await adapter.LeaseAsync(5, TimeSpan.FromSeconds(2)))
                {
                    leases[leased.Job.Id] = leased.Lease;
                }

                return leases.Count == ids.Count;
            },
            TimeSpan.FromSeconds(30),
            "every queued job to be leased");

        foreach (var id in ids)
        {
            Assert.True((await adapter.MarkRunningAsync(leases[id])).Applied);
            Assert.True((await adapter.CompleteAsync(leases[id])).Applied);
        }

        foreach (var id in ids)
        {
            var job = await alice.GetJobAsync(new GetJobRequest { Id = id });
            Assert.Equal(JobStatus.Finished, job.Status);
            Assert.Equal(1, job.Attempt);
        }
    }
}
