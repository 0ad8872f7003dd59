using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.RateLimits;

/// <summary>Admits each caller's reads at a bounded rate, one token bucket per caller (user token, provider key, web session or address).</summary>
public sealed class ReadRateLimiter
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ReadRateLimitOptions _options;
    private readonly TimeProvider _time;
    private long _admitted;

    public ReadRateLimiter(IOptions<ReadRateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>The sustained reads per second a caller may make.</summary>
    public double PerSecond => _options.PerSecond;

    /// <summary>Counts one read of the caller; false, with how long to wait, when the caller's bucket is empty.</summary>
    public bool TryAdmit(string caller, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(caller, _ => new TokenBucket(_options.Burst, _options.PerSecond, now));
        bool admitted;
        lock (bucket)
        {
            admitted = bucket.TryTake(now, out retryAfter);
        }

        // Now and then forget callers whose buckets have refilled, so the map holds only recent readers.
        if (admitted && Interlocked.Increment(ref _admitted) % 4096 == 0)
        {
            foreach (var (key, idle) in _buckets)
            {
                lock (idle)
                {
                    if (idle.IsFull(now))
                    {
                        _buckets.TryRemove(new KeyValuePair<string, TokenBucket>(key, idle));
                    }
                }
            }
        }

        return admitted;
    }
}
