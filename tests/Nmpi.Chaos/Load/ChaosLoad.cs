using System.Collections.Concurrent;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Chaos.Load;

/// <summary>
/// The steady load: one job submitted every 1/rate seconds with a key of its own as the request id, retried on the
/// gateways until acknowledged; one acknowledged submit in twenty is sent again later, to catch duplicates.
/// Also submits the probes that time how long submits fail after each fault.
/// </summary>
public sealed class ChaosLoad(ChaosOptions options, GatewayClients gateways, string runId, string ledger)
{
    // A client's deadline per attempt: below the 5-s target, so a stalled call is retried in time.
    private static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private readonly ConcurrentDictionary<string, ConcurrentBag<long>> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _refused = [];
    private readonly ConcurrentBag<string> _neverAcknowledged = [];
    private int _failedAttempts;
    private int _resent;
    private int _probes;

    /// <summary>The job ids each acknowledged key was answered with (more than one is a duplicate).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<long>> Acknowledged =>
        _acknowledged.ToDictionary(p => p.Key, p => (IReadOnlySet<long>)p.Value.ToHashSet(), StringComparer.Ordinal);

    /// <summary>Submits refused with an error no retry can mend (each with the error).</summary>
    public IReadOnlyCollection<string> Refused => _refused;

    /// <summary>Keys no gateway acknowledged within the give-up time.</summary>
    public IReadOnlyCollection<string> NeverAcknowledged => _neverAcknowledged;

    /// <summary>Submit attempts that failed and were retried.</summary>
    public int FailedAttempts => _failedAttempts;

    /// <summary>Acknowledged submits sent again with the same request id.</summary>
    public int Resent => _resent;

    /// <summary>Submits the load for <paramref name="duration"/> and waits for every submit to be answered.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var submits = new List<Task>();
        for (var n = 0; ; n++)
        {
            var due = started + TimeSpan.FromSeconds(n / options.Rate);
            if (due > started + duration)
            {
                break;
            }

            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var seconds = Random.Shared.Next(options.JobSecondsMin, options.JobSecondsMax + 1);
            submits.Add(SubmitAsync($"{runId}-{n:D5}", seconds, n % gateways.Count, resend: Random.Shared.NextDouble() < 0.05, cancellationToken));
        }

        await Task.WhenAll(submits);
    }

    /// <summary>
    /// Submits a short probe job right after a fault, starting with <paramref name="firstGateway"/> (the killed one for a
    /// gateway kill), and returns the time from the fault to its acknowledgement; null when none came.
    /// </summary>
    public async Task<TimeSpan?> ProbeAsync(DateTimeOffset faultAt, int firstGateway, CancellationToken cancellationToken)
    {
        var key = $"{runId}-p{Interlocked.Increment(ref _probes):D3}";
        var acknowledged = await SubmitOnceAsync(key, options.JobSecondsMin, firstGateway, cancellationToken);
        return acknowledged is { } at ? at - faultAt : null;
    }

    private async Task SubmitAsync(string key, int seconds, int firstGateway, bool resend, CancellationToken cancellationToken)
    {
        if (await SubmitOnceAsync(key, seconds, firstGateway, cancellationToken) is null || !resend)
        {
            return;
        }

        // Sent again a little later through the other gateway, as a client unsure of the first answer would.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        Interlocked.Increment(ref _resent);
        await SubmitOnceAsync(key, seconds, firstGateway + 1, cancellationToken);
    }

    private async Task<DateTimeOffset?> SubmitOnceAsync(string key, int seconds, int firstGateway, CancellationToken cancellationToken)
    {
        var request = new SubmitJobRequest
        {
            RequestId = key,
            Code = new JobCode { Inline = JobScript.For(key, seconds, ledger) },
            // The key in the command line lets the end-of-run scan find the job's processes.
            Command = $"run.py {{system}} {key}",
            HardwarePlatform = Platform.ChaosCluster.Platform,
            Collab = Platform.ChaosCluster.Collab,
        };
        try
        {
            var (job, failed) = await gateways.SubmitAsync(request, firstGateway, AttemptDeadline, DateTimeOffset.UtcNow + GiveUpAfter, cancellationToken);
            Interlocked.Add(ref _failedAttempts, failed);
            if (job is null)
            {
                _neverAcknowledged.Add(key);
                return null;
            }

            _acknowledged.GetOrAdd(key, _ => []).Add(job.Id);
            return DateTimeOffset.UtcNow;
        }
        catch (RpcException e)
        {
            _refused.Add($"{key}: {e.StatusCode} {e.Status.Detail}");
            return null;
        }
    }
}
