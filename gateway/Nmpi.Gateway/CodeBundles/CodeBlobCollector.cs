using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Outputs;
using Nmpi.GrainInterfaces.Code;

namespace Nmpi.Gateway.CodeBundles;

/// <summary>
/// Removes uploaded code files that no bundle of their owner names once their grace period is over: the index forgets
/// them (and frees their bytes) first, then the files are deleted, so a crash in between leaves a file, never a count.
/// Every gateway sweeps; the index hands each file to one of them.
/// </summary>
public sealed class CodeBlobCollector(
    IGrainFactory grains,
    ArtifactStore artifacts,
    IOptions<CodeCollectionOptions> options,
    TimeProvider time,
    ILogger<CodeBlobCollector> logger) : BackgroundService
{
    private readonly CodeCollectionOptions _options = options.Value;

    /// <summary>Runs one sweep now and returns the files it removed.</summary>
    public async Task<IReadOnlyList<CollectedBlob>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var storage = grains.GetGrain<ICodeStorageGrain>(0);
        var removed = new List<CollectedBlob>();
        IReadOnlyList<CollectedBlob> round;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            round = await storage.CollectAsync(_options.BatchSize);
            foreach (var blob in round)
            {
                artifacts.Area(CodeOwner.AreaOf(blob.Owner)).Delete(blob.Sha256);
            }

            removed.AddRange(round);
        }
        while (round.Count >= _options.BatchSize);

        if (removed.Count > 0)
        {
            GatewayLog.CodeFilesCollected(logger, removed.Count, removed.Sum(b => b.Size));
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                GatewayLog.CodeCollectionFailed(logger, e);
            }
        }
    }
}
