namespace Nmpi.Gateway.Accounts;

/// <summary>When a session token ends: the token lifetime from now, but never later than the maximum from the original sign-in.</summary>
public static class SessionLifetime
{
    /// <summary>The expiry of a token issued now for a sign-in at <paramref name="authTime"/>, or null when the session has reached its end.</summary>
    public static DateTimeOffset? ExpiresAt(DateTimeOffset authTime, DateTimeOffset now, TimeSpan tokenLifetime, TimeSpan maxSessionLifetime)
    {
        // Whole seconds, as the token carries them; a sign-in "in the future" (clock skew between gateways) counts as now.
        var end = DateTimeOffset.FromUnixTimeSeconds(((authTime > now ? now : authTime) + maxSessionLifetime).ToUnixTimeSeconds());
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + tokenLifetime).ToUnixTimeSeconds());
        var first = expires < end ? expires : end;
        return first > now ? first : null;
    }
}
