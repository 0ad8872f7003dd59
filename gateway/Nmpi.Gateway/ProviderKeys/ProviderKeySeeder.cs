using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>
/// Stores the configured provider keys (hashed) once the cluster answers, so they are listed before their first use;
/// retried with back-off, never blocking start-up. Idempotent, and safe with many gateways starting at once (one grain per key).
/// </summary>
public sealed class ProviderKeySeeder(IGrainFactory grains, ConfiguredProviderKeys configured, TimeProvider time, ILogger<ProviderKeySeeder> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configured.All.Count == 0)
        {
            return;
        }

        var delay = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                foreach (var key in configured.All)
                {
                    var stored = await grains.GetGrain<IProviderKeyGrain>(key.KeyId).SeedAsync(key.Seed);
                    if (!stored.IsLiveAt(now))
                    {
                        ProviderKeyLog.ConfiguredKeyEnded(logger, key.KeyId);
                    }
                }

                ProviderKeyLog.Seeded(logger, configured.All.Count);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                ProviderKeyLog.SeedingFailed(logger, delay, e);
            }

            await Task.Delay(delay, time, stoppingToken);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }
}
