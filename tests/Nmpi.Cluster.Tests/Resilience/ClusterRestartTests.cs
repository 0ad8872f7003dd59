using System.Diagnostics;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>The queue survives the whole cluster going down: jobs live in their rows, not in any process.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterRestartTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int QueuedJobs = 20;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RestartingTheWholeCluster_WithQueuedJobs_DispatchesThem(bool killed)
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(postgres);
        output.WriteLine($"cluster ready after {clock.Elapsed.TotalSeconds:F1} s");

        await cluster.RunAsync(async () =>
        {
            var alice = cluster.Jobs(PlatformHost.AliceToken);
            var ids = new List<long>();
            for (var i = 0; i < QueuedJobs; i++)
            {
                ids.Add((await alice.SubmitJobAsync(JobRequests.Inline(requestId: $"queued-{i}"))).Id);
            }

            if (killed)
            {
                await cluster.KillAllAsync();
            }
            else
            {
                await cluster.StopAllAsync();
            }

            output.WriteLine($"{QueuedJobs} jobs queued, every process {(killed ? "killed" : "stopped")} at {clock.Elapsed.TotalSeconds:F1} s");
            await cluster.StartAllAsync();
            output.WriteLine($"cluster ready again at {clock.Elapsed.TotalSeconds:F1} s");

            var retry = new TransientRetry();
            var worker = new AdapterWorker(await TestAdapter.RegisterAsync(cluster.Adapters(), "spinn-1", "SpiNNaker", capacity: 20), retry);
            using var stop = new CancellationTokenSource();
            var working = Task.Run(() => worker.RunAsync(stop.Token));
            await Eventually.HoldsAsync(() => ids.All(worker.Completed.ContainsKey) || working.IsCompleted, TimeSpan.FromSeconds(30), "the adapter to finish every queued job");
            await stop.CancelAsync();
            await working;
            output.WriteLine($"all dispatched and finished at {clock.Elapsed.TotalSeconds:F1} s; failed adapter attempts: {retry.Summary()}");

            var listed = await JobRows.ListAllAsync(alice);
            Assert.All(ids, id => Assert.Equal(JobStatus.Finished, listed[id].Status));
            Assert.All(ids, id => Assert.Equal(1, worker.Completed[id]));
            Assert.Equal(QueuedJobs, await JobRows.CountAsync(cluster.ConnectionString, [.. ids], "status = 'finished'"));
        });
    }
}
