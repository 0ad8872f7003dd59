using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Quotas;

/// <summary>
/// On every silo: applies the configured grants at start, then charges ended jobs whose charge went missing
/// (a crash between a job's last write and its charge). Both are idempotent, so silos need not coordinate.
/// </summary>
public sealed partial class QuotaSweep(QuotaStore store, IOptions<QuotaOptions> options, TimeProvider time, ILogger<QuotaSweep> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var grant in options.Value.Grants)
        {
            await store.ApplyGrantAsync(grant);
        }

        if (options.Value.Grants.Count > 0)
        {
            LogGranted(options.Value.Grants.Count);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Charges up to one batch of ended, uncharged jobs; returns how many it charged.</summary>
    public async Task<int> SweepOnceAsync()
    {
        var settings = options.Value;
        var charged = 0;
        foreach (var charge in await store.UnchargedAsync(time.GetUtcNow() - settings.SweepGrace, settings.SweepBatch))
        {
            if (await store.ChargeAsync(charge))
            {
                charged++;
            }
        }

        return charged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await SweepOnceAsync() is var charged and > 0)
                {
                    LogSwept(charged);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSweepFailed(error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} quota grants from configuration")]
    private partial void LogGranted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charged {Count} ended jobs whose charge was missing")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota charge sweep failed; trying again at the next tick")]
    private partial void LogSweepFailed(Exception error);
}
