namespace Nmpi.Gateway.RateLimits;

/// <summary>A token bucket: holds up to a burst of tokens, refills at a steady rate, and says how long until the next token.</summary>
/// <remarks>Not thread-safe: the owner locks it.</remarks>
public sealed class TokenBucket(int burst, double perSecond, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updated = now;

    /// <summary>Takes one token if there is one; otherwise returns how long until one will be there.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter) => TryTake(now, 1, out retryAfter);

    /// <summary>Takes this many tokens (a fraction is fine) if they are there; otherwise returns how long until they will be.</summary>
    public bool TryTake(DateTimeOffset now, double tokens, out TimeSpan retryAfter)
    {
        Refill(now);
        if (_tokens >= tokens)
        {
            _tokens -= tokens;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((tokens - _tokens) / perSecond);
        return false;
    }

    /// <summary>True when the bucket would be full at the time given, so forgetting it changes nothing.</summary>
    public bool IsFull(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= burst;
    }

    private void Refill(DateTimeOffset now)
    {
        // A clock that steps back refills nothing rather than draining the bucket.
        var elapsed = Math.Max(0, (now - _updated).TotalSeconds);
        _tokens = Math.Min(burst, _tokens + (elapsed * perSecond));
        _updated = now > _updated ? now : _updated;
    }
}
