using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>Invariant 1 with real processes: a silo killed with SIGKILL under load loses no acknowledged job.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan SubmitFor = TimeSpan.FromSeconds(10);
    private const int SubmitLoops = 4;

    [Fact]
    public async Task KillingASilo_WhileClientsSubmit_LosesNoAcknowledgedJob()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(postgres, new Dictionary<string, string?>
        {
            // A lease granted in a reply the crash swallowed comes back to the queue within seconds.
            ["Nmpi:Jobs:LeaseDuration"] = "00:00:05",
            ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:01",

            // Four loops submitting as fast as they can are far beyond one user's write rate limit; this test is about crashes.
            ["Nmpi:Gateway:WriteRateLimit:Burst"] = "1000000",
            ["Nmpi:Gateway:WriteRateLimit:PerSecond"] = "1000000",
        });
        output.WriteLine($"cluster of 2 silos + gateway ready after {clock.Elapsed.TotalSeconds:F1} s");

        await cluster.RunAsync(async () =>
        {
            var alice = cluster.Jobs(PlatformHost.AliceToken);
            var submitRetry = new TransientRetry();
            var adapterRetry = new TransientRetry();
            var workers = new[]
            {
                new AdapterWorker(await TestAdapter.RegisterAsync(cluster.Adapters(), "spinn-1", "SpiNNaker", capacity: 20), adapterRetry),
                new AdapterWorker(await TestAdapter.RegisterAsync(cluster.Adapters(), "spinn-2", "SpiNNaker", capacity: 20), adapterRetry),
            };
            using var stopWorkers = new CancellationTokenSource();
            var working = workers.Select(w => Task.Run(() => w.RunAsync(stopWorkers.Token))).ToArray();

            var acknowledged = new ConcurrentDictionary<string, long>();
            var unacknowledged = new ConcurrentBag<StatusCode>();
            var submitUntil = DateTime.UtcNow + SubmitFor;
            var submitting = Enumerable.Range(0, SubmitLoops).Select(loop => Task.Run(async () =>
            {
                for (var n = 0; DateTime.UtcNow < submitUntil; n++)
                {
                    var request = JobRequests.Inline(requestId: $"crash-test-{loop}-{n:D6}");
                    try
                    {
                        var job = await submitRetry.CallAsync(deadline => alice.SubmitJobAsync(request, deadline: deadline).ResponseAsync, DateTime.UtcNow.AddSeconds(20), perCall: TimeSpan.FromSeconds(5));
                        acknowledged[request.RequestId] = job.Id;
                    }
                    catch (RpcException e)
                    {
                        unacknowledged.Add(e.StatusCode);
                    }
                }
            })).ToArray();

            // Mid-way through the submitting, with jobs in every state, kill a silo.
            await Eventually.HoldsAsync(() => acknowledged.Count >= 50 && workers.Sum(w => w.Completed.Count) >= 10, TimeSpan.FromSeconds(30), "jobs to flow before the kill");
            var killedAt = clock.Elapsed;
            var ackedBeforeKill = acknowledged.Count;
            await cluster.KillSiloAsync(0);
            await cluster.WaitUntilDeclaredDeadAsync(0, TimeSpan.FromSeconds(20));
            output.WriteLine($"silo1 killed at {killedAt.TotalSeconds:F1} s with {ackedBeforeKill} jobs acknowledged; declared dead {(clock.Elapsed - killedAt).TotalSeconds:F1} s later");

            await Task.WhenAll(submitting);
            output.WriteLine($"submitting ended at {clock.Elapsed.TotalSeconds:F1} s: {acknowledged.Count} acknowledged, {unacknowledged.Count} given up ({string.Join(", ", unacknowledged.GroupBy(c => c).Select(g => $"{g.Key}={g.Count()}"))}); failed submit attempts: {submitRetry.Summary()}");

            var ids = acknowledged.Values.ToArray();
            try
            {
                await Eventually.HoldsAsync(async () => await JobRows.CountAsync(cluster.ConnectionString, ids, "status IN ('finished', 'error', 'cancelled')") == ids.Length, TimeSpan.FromSeconds(30), "every acknowledged job to end");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} {JobCounts()}{Environment.NewLine}{await JobRows.DescribeAsync(cluster.ConnectionString, ids, "status NOT IN ('finished', 'error', 'cancelled')")}", e);
            }

            output.WriteLine($"every acknowledged job terminal at {clock.Elapsed.TotalSeconds:F1} s; {JobCounts()}");
            await stopWorkers.CancelAsync();
            await Task.WhenAll(working);
            string JobCounts() => $"completed by the adapters: {workers.Sum(w => w.Completed.Count)}, leases dropped as lost: {workers.Sum(w => w.Dropped)}; failed adapter attempts: {adapterRetry.Summary()}";

            Assert.Equal(ids.Length, await JobRows.CountAsync(cluster.ConnectionString, ids));
            Assert.Equal(ids.Length, ids.Distinct().Count());
            var listed = await JobRows.ListAllAsync(alice);
            foreach (var (requestId, id) in acknowledged)
            {
                Assert.True(listed.TryGetValue(id, out var job), $"acknowledged job {id} ({requestId}) is not listed");
                Assert.Contains(job.Status, new[] { JobStatus.Finished, JobStatus.Error });
                Assert.Single(job.History, t => t.To is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled);
            }

            // A crash is no excuse for INTERNAL: the gateway answers UNAVAILABLE, which clients know to retry.
            Assert.False(submitRetry.Failures.ContainsKey(StatusCode.Internal), $"submits saw INTERNAL: {submitRetry.Summary()}");
            Assert.False(adapterRetry.Failures.ContainsKey(StatusCode.Internal), $"adapter calls saw INTERNAL: {adapterRetry.Summary()}");
            Assert.Empty(unacknowledged);
            Assert.All(workers.SelectMany(w => w.Completed), c => Assert.True(c.Value <= 1, $"job {c.Key} was completed {c.Value} times"));
            var errors = listed.Values.Count(j => j.Status == JobStatus.Error);
            output.WriteLine($"checked at {clock.Elapsed.TotalSeconds:F1} s: {ids.Length} acknowledged jobs all present, {ids.Length - errors} finished, {errors} error (lost lease); {listed.Count} jobs listed in all");
        });
    }
}
