using Nmpi.GrainInterfaces.Scheduling;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Every silo wakes the lease sweeper every few seconds. The sweeper's own reminder fires at most once a
/// minute, so without this a sweeper lost with its silo would leave lapsed leases (replies the crash
/// swallowed) unswept for up to a minute; with it they are requeued within seconds of the death.
/// </summary>
internal sealed partial class LeaseSweeperKeeper(IGrainFactory grains, ILogger<LeaseSweeperKeeper> log) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Idempotent: activates the sweeper wherever placement puts it and keeps its reminder.
                await grains.GetGrain<ILeaseSweeperGrain>(0).StartAsync().WaitAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogWakeFailed(error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the lease sweeper; trying again at the next tick")]
    private partial void LogWakeFailed(Exception error);
}
