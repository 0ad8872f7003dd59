namespace Nmpi.Gateway.Host;

/// <summary>
/// Keeps the gateway trying to reach the cluster at start-up: silos may start after it (or be restarting),
/// and without a retry filter the Orleans client gives up at the first failed attempt and the process exits.
/// </summary>
internal sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _attempts++;
        if (_attempts == 1 || _attempts % 30 == 0)
        {
            WaitingForCluster(logger, _attempts, exception.Message);
        }

        await Task.Delay(Pause, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "No silo of the cluster reachable yet (attempt {Attempt}: {Reason}); retrying every second")]
    private static partial void WaitingForCluster(ILogger logger, int attempt, string reason);
}
