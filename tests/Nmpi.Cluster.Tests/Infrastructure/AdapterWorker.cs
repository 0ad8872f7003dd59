using System.Collections.Concurrent;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// A site that keeps working through failures: it leases, marks running and completes every job it gets,
/// retrying each report with the same lease; a lease it lost (refused as stale) it drops, as a real site would.
/// </summary>
public sealed class AdapterWorker(TestAdapter adapter, TransientRetry retry)
{
    private readonly ConcurrentDictionary<long, int> _completed = new();
    private int _dropped;

    /// <summary>Jobs whose CompleteJob this worker saw applied, with how often (more than once would be a bug).</summary>
    public IReadOnlyDictionary<long, int> Completed => _completed;

    /// <summary>Leases this worker lost to a lapse before it could finish them.</summary>
    public int Dropped => _dropped;

    /// <summary>Works until the token is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            LeaseJobsResponse reply;
            try
            {
                reply = await retry.CallAsync(
                    deadline => adapter.Client.LeaseJobsAsync(
                        new LeaseJobsRequest { AdapterId = adapter.Id, MaxJobs = 20, Wait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
                        deadline: deadline,
                        cancellationToken: stop).ResponseAsync,
                    DateTime.UtcNow.AddSeconds(30),
                    cancellationToken: stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            await Task.WhenAll(reply.Jobs.Select(job => FinishAsync(job.Lease)));
        }
    }

    private async Task FinishAsync(LeaseRef lease)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        try
        {
            await retry.CallAsync(deadline => adapter.Client.MarkRunningAsync(new JobReport { Lease = lease, AdapterId = adapter.Id }, deadline: deadline).ResponseAsync, giveUpAt);
            var ack = await retry.CallAsync(
                deadline => adapter.Client.CompleteJobAsync(
                    new CompleteJobRequest
                    {
                        Lease = lease,
                        AdapterId = adapter.Id,
                        Outcome = Outcome.Finished,
                        ResourceUsage = new ResourceUsage { Value = 0.01, Units = "core-hours" },
                    },
                    deadline: deadline).ResponseAsync,
                giveUpAt);
            _completed.AddOrUpdate(lease.JobId, ack.Applied ? 1 : 0, (_, n) => n + (ack.Applied ? 1 : 0));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
