using Microsoft.Extensions.Logging;
using Nmpi.Api.Platforms;
using Nmpi.GrainInterfaces.Health;
using Nmpi.JobManager;

namespace Nmpi.Gateway.ServiceMode;

/// <summary>
/// The state of the service for the pages' banner: read-only (the operator's switch) and degraded (the database does not
/// answer, the cluster does not answer, or a platform has no site online), from a probe cached for a few seconds.
/// </summary>
/// <remarks>One probe at a time, whatever the number of pages asking; a stale answer is served while the next probe runs.</remarks>
public sealed partial class ServiceStatus(IGrainFactory grains, ReadOnlyGuard readOnly, TimeProvider time, ILogger<ServiceStatus> logger)
{
    /// <summary>How long one probe's answer is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    // A cluster slower than this to answer a trivial probe is reported as not answering.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private (IReadOnlyList<string> Degradations, DateTimeOffset At)? _last;
    private Task<IReadOnlyList<string>>? _probing;

    /// <summary>The banner's content now; waits for a probe only when there has never been one.</summary>
    public async Task<ServiceNotice> CurrentAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<string>> probing;
        IReadOnlyList<string>? known;
        lock (_gate)
        {
            known = _last?.Degradations;
            if (_last is { } last && time.GetUtcNow() - last.At < CacheFor)
            {
                return Notice(last.Degradations);
            }

            probing = _probing ??= ProbeAsync();
        }

        var degradations = known ?? await probing.WaitAsync(cancellationToken);
        return Notice(degradations);
    }

    private ServiceNotice Notice(IReadOnlyList<string> degradations)
    {
        var current = readOnly.Current;
        return new ServiceNotice(current.Enabled ? current.EffectiveMessage : null, degradations);
    }

    private async Task<IReadOnlyList<string>> ProbeAsync()
    {
        List<string> found;
        try
        {
            var health = await grains.GetGrain<IServiceHealthGrain>(0).ProbeAsync([.. PlatformCatalog.All.Select(p => p.Name)]).WaitAsync(ProbeTimeout);
            found = [];
            if (!health.DatabaseReachable)
            {
                found.Add("The database cannot be reached: pages may fail and no job can be submitted or change state until it is back.");
            }

            if (health.PlatformsWithoutSite.Count > 0)
            {
                found.Add($"No site is online for {string.Join(", ", health.PlatformsWithoutSite)}: jobs for {(health.PlatformsWithoutSite.Count == 1 ? "it" : "them")} wait until one is back.");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever failed, the answer is the same for the reader: the cluster did not answer the probe.
            Log.ProbeFailed(logger, e);
            found = ["The job service is not answering: pages may fail until it is back."];
        }

        lock (_gate)
        {
            _last = (found, time.GetUtcNow());
            _probing = null;
        }

        return found;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "The service health probe failed")]
        public static partial void ProbeFailed(ILogger logger, Exception exception);
    }
}
