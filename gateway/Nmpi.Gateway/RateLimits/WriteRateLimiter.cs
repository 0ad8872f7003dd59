using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Errors;

namespace Nmpi.Gateway.RateLimits;

/// <summary>Admits a user's calls that change state at a bounded rate, one token bucket per user; refusals carry a retry hint.</summary>
public sealed class WriteRateLimiter
{
    // Calls that only read are not counted; UploadBlob is counted by its bytes instead (AdmitUpload).
    private static readonly string[] ReadPrefixes = ["Get", "List", "Watch", "Follow", "Download", "Find", "WhoAmI", "UploadBlob"];

    private const double BytesPerMiB = 1 << 20;

    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _uploadBuckets = new(StringComparer.Ordinal);
    private readonly WriteRateLimitOptions _options;
    private readonly TimeProvider _time;
    private long _admitted;

    public WriteRateLimiter(IOptions<WriteRateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>True when the gRPC method (e.g. <c>/nmpi.v1.Jobs/SubmitJob</c>) changes state and so counts against the limit.</summary>
    public static bool IsWrite(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var name = method[(method.LastIndexOf('/') + 1)..];
        return !ReadPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Counts one write of the user, or throws RESOURCE_EXHAUSTED saying when to retry.</summary>
    public void Admit(string userId, string method)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (!IsWrite(method))
        {
            return;
        }

        var now = _time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(userId, _ => new TokenBucket(_options.Burst, _options.PerSecond, now));
        TimeSpan retryAfter;
        bool admitted;
        lock (bucket)
        {
            admitted = bucket.TryTake(now, out retryAfter);
        }

        if (!admitted)
        {
            throw GatewayErrors.RateLimited(retryAfter, _options.PerSecond);
        }

        // Now and then forget users whose buckets have refilled, so the map holds only recent writers.
        if (Interlocked.Increment(ref _admitted) % 4096 == 0)
        {
            Forget(_buckets, now);
        }
    }

    /// <summary>Counts an upload of this many bytes by the user, or throws RESOURCE_EXHAUSTED saying when to retry.</summary>
    public void AdmitUpload(string userId, long bytes)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var now = _time.GetUtcNow();
        var bucket = _uploadBuckets.GetOrAdd(userId, _ => new TokenBucket(_options.UploadBurstMiB, _options.UploadMiBPerSecond, now));
        TimeSpan retryAfter;
        bool admitted;
        lock (bucket)
        {
            // Never more than a full bucket, so one file larger than the burst still passes once the bucket is full.
            admitted = bucket.TryTake(now, Math.Min(bytes / BytesPerMiB, _options.UploadBurstMiB), out retryAfter);
        }

        if (!admitted)
        {
            throw GatewayErrors.UploadRateLimited(retryAfter, _options.UploadMiBPerSecond);
        }

        if (Interlocked.Increment(ref _admitted) % 4096 == 0)
        {
            Forget(_uploadBuckets, now);
        }
    }

    private static void Forget(ConcurrentDictionary<string, TokenBucket> buckets, DateTimeOffset now)
    {
        foreach (var (user, bucket) in buckets)
        {
            lock (bucket)
            {
                if (bucket.IsFull(now))
                {
                    buckets.TryRemove(new KeyValuePair<string, TokenBucket>(user, bucket));
                }
            }
        }
    }
}
