using System.Diagnostics;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>
/// Authentication does not wait on a dead silo (chaos review, issue 15 point 5): while each of two silos in turn is
/// killed with SIGKILL, a user's calls keep being answered. The calls are ListJobs with a page size over the limit:
/// answered INVALID_ARGUMENT only after the caller was authenticated, and without any other call into the cluster, so
/// what they wait on is authentication alone (a call in flight to the dead silo otherwise waits out its own 30 s).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthenticationAfterSiloDeathTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // Far below the 30-s response timeout the gateway used to wait out on a dead silo's token grain, far above a normal answer.
    private static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(20);
    private const int CallsAfterDeath = 20;

    [Fact]
    public async Task UserCalls_WhileTheSilosDieInTurn_KeepBeingAnswered()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres);
        await cluster.RunAsync(async () =>
        {
            var alice = cluster.Jobs(PlatformHost.AliceToken);
            await AssertAuthenticatedAsync(alice, DateTime.UtcNow + ClientDeadline);

            // The token grain lives on one of the two silos: killing each in turn (the first restarted in between) hits it.
            for (var victim = 0; victim < cluster.Silos.Count; victim++)
            {
                var (calls, worst) = await CallWhileKillingAsync(cluster, alice, victim);
                output.WriteLine($"killing {cluster.Silos[victim].Name}: {calls} calls answered, the slowest in {worst.TotalMilliseconds:F0} ms");
                await cluster.StartSiloAsync(victim);
            }
        });
    }

    // Two callers keep calling; the silo is killed; they go on until it is declared dead and each made more calls since.
    private static async Task<(int Calls, TimeSpan Worst)> CallWhileKillingAsync(ProcessCluster cluster, Jobs.JobsClient alice, int victim)
    {
        var declaredDead = new TaskCompletionSource();
        var worst = TimeSpan.Zero;
        var calls = 0;
        var gate = new object();

        async Task CallerAsync()
        {
            var afterDeath = 0;
            while (afterDeath < CallsAfterDeath)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await AssertAuthenticatedAsync(alice, DateTime.UtcNow + ClientDeadline);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"A call {clock.Elapsed.TotalSeconds:F1} s long after {cluster.Silos[victim].Name} was killed was not authenticated: {e.Message}", e);
                }

                lock (gate)
                {
                    calls++;
                    worst = clock.Elapsed > worst ? clock.Elapsed : worst;
                }

                afterDeath += declaredDead.Task.IsCompleted ? 1 : 0;
            }
        }

        var callers = new[] { Task.Run(CallerAsync), Task.Run(CallerAsync) };
        await cluster.Silos[victim].KillAsync();
        await cluster.WaitUntilDeclaredDeadAsync(victim, TimeSpan.FromSeconds(120));
        declaredDead.SetResult();
        await Task.WhenAll(callers);
        return (calls, worst);
    }

    // Only an authenticated caller reaches the page size check; nothing else the call does needs the cluster.
    private static async Task AssertAuthenticatedAsync(Jobs.JobsClient alice, DateTime deadline)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => alice.ListJobsAsync(new ListJobsRequest { PageSize = 501 }, deadline: deadline).ResponseAsync);
        Assert.True(refused.StatusCode == StatusCode.InvalidArgument, $"{refused.StatusCode}: {refused.Status.Detail}");
    }
}
