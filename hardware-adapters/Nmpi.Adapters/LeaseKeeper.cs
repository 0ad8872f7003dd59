using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters;

/// <summary>
/// Keeps an adapter's leases: renews them with heartbeats, stops the jobs the gateway lists, and fences itself by
/// killing every job whose lease it could not renew before that lease can lapse at the gateway.
/// </summary>
public sealed class LeaseKeeper(
    AdaptersClient client, string adapterId, ConcurrentDictionary<long, LeaseHandle> held, LeaseFence fence, TimeProvider time, ILogger logger)
{
    /// <summary>Heartbeats every interval and checks the fence every <see cref="LeaseFence.CheckPeriod"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(HeartbeatLoopAsync(stoppingToken), FenceLoopAsync(stoppingToken));

    /// <summary>Renews the given leases once (also just granted ones, not yet held, whose grant time is known only loosely); failures are left to the fence.</summary>
    public async Task RenewAsync(IReadOnlyCollection<LeaseHandle> handles, CancellationToken stoppingToken)
    {
        // A lease the fence gave up on is not renewed: the gateway lets it lapse and queues the job again.
        var renewing = handles.Where(h => h.Reason != StopReason.LeaseLost).ToList();
        var request = new HeartbeatRequest { AdapterId = adapterId };
        request.Leases.AddRange(renewing.Select(h => h.Lease));
        var sentAt = time.GetTimestamp();
        try
        {
            var reply = await client.HeartbeatAsync(request, deadline: DateTime.UtcNow + fence.HeartbeatInterval, cancellationToken: stoppingToken);
            foreach (var renewed in reply.Renewed)
            {
                if (Find(renewing, renewed) is { } handle)
                {
                    handle.Renewed(sentAt);
                }
            }

            foreach (var stop in reply.Stop)
            {
                if (Find(renewing, stop) is { } handle)
                {
                    AdapterLog.StopRequested(logger, stop.JobId);
                    handle.Stop(StopReason.Cancelled);
                }
            }
        }
        catch (RpcException e)
        {
            // Retried at the next interval; a lease that stays unrenewed meets the fence.
            if (!stoppingToken.IsCancellationRequested)
            {
                AdapterLog.HeartbeatFailed(logger, e);
            }
        }
    }

    /// <summary>Kills (through each run's stop switch) the jobs whose last renewal is older than the fence allows.</summary>
    public void CheckFence()
    {
        foreach (var handle in held.Values)
        {
            var since = time.GetElapsedTime(handle.RenewedAt);
            if (handle.Reason == StopReason.None && fence.MustKill(since))
            {
                AdapterLog.LeaseLost(logger, handle.Lease.JobId, handle.Lease.Epoch, since, fence.Lease);
                handle.Stop(StopReason.LeaseLost);
            }
        }
    }

    private static LeaseHandle? Find(List<LeaseHandle> handles, LeaseRef lease) =>
        handles.Find(h => h.Lease.JobId == lease.JobId && h.Lease.Epoch == lease.Epoch);

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(fence.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAsync([.. held.Values], stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task FenceLoopAsync(CancellationToken stoppingToken)
    {
        // Apart from the heartbeats: a heartbeat hanging on a dead connection must not hold the fence back.
        using var timer = new PeriodicTimer(fence.CheckPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                CheckFence();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
