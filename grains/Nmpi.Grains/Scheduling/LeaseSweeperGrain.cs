using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Scheduling;

/// <summary>
/// Finds jobs whose due time passed (lapsed lease, wall-time limit, cancel deadline) in the jobs table
/// and has each job grain act. A reminder brings it back after the silo that hosted it dies.
/// </summary>
public sealed partial class LeaseSweeperGrain(
    JobStore store, IOptions<SchedulerOptions> options, TimeProvider time, ILogger<LeaseSweeperGrain> log)
    : Grain, ILeaseSweeperGrain, IRemindable
{
    private const string KeepAlive = "keep-alive";
    private IGrainTimer? _timer;
    private bool _reminderRegistered;

    public async Task StartAsync()
    {
        // Silos call this every few seconds; the reminder needs writing once per activation only.
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(KeepAlive, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderRegistered = true;
        }

        EnsureTimer();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsureTimer();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsureTimer();
        return Task.CompletedTask;
    }

    public async Task<int> SweepNowAsync()
    {
        var due = await store.DueAsync(time.GetUtcNow(), options.Value.SweepBatch);
        foreach (var chunk in due.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IJobGrain>(id).EnforceDeadlinesAsync()));
        }

        return due.Count;
    }

    private void EnsureTimer()
    {
        var period = options.Value.SweepInterval;
        _timer ??= this.RegisterGrainTimer(SweepSafelyAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task SweepSafelyAsync()
    {
        try
        {
            await SweepNowAsync();
        }
        catch (Exception error)
        {
            // A failed sweep (database restarting, silo leaving) is retried on the next tick.
            LogSweepFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deadline sweep failed; retrying on the next tick")]
    private partial void LogSweepFailed(Exception error);
}
