using Microsoft.Extensions.Options;
using Nmpi.Gateway.Accounts;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Auth;

/// <summary>The session-token signing keys, read from the signing key grain and kept for a short while.</summary>
public sealed class SigningKeyCache(IGrainFactory grains, TimeProvider time, IOptions<AccountOptions> options)
{
    private static readonly TimeSpan MinRefetch = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IReadOnlyList<SigningKey> Keys, DateTimeOffset ReadAt)? _cached;

    /// <summary>Returns the active keys, newest first (the first one signs new tokens).</summary>
    public async Task<IReadOnlyList<SigningKey>> GetAsync(bool refresh = false)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.ReadAt < (refresh ? MinRefetch : options.Value.SigningKeyRefresh))
        {
            return cached.Keys;
        }

        await _gate.WaitAsync();
        try
        {
            if (_cached is { } again && again.ReadAt > now)
            {
                return again.Keys;
            }

            var keys = await grains.GetGrain<ISigningKeyGrain>(0).GetKeysAsync();
            _cached = (keys, time.GetUtcNow());
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the cached keys, so the next call reads them (after this gateway rotated or retired one).</summary>
    public void Forget() => _cached = null;

    /// <summary>Checks a session token, reading the keys again once when it names a key not seen yet (another gateway rotated).</summary>
    public async Task<(SessionTokenCheck Check, string UserId, DateTimeOffset ExpiresAt)> CheckAsync(string token)
    {
        var check = SessionToken.Check(token, await GetAsync(), time.GetUtcNow(), out var userId, out var expiresAt);
        if (check == SessionTokenCheck.UnknownKey)
        {
            check = SessionToken.Check(token, await GetAsync(refresh: true), time.GetUtcNow(), out userId, out expiresAt);
        }

        return (check, userId, expiresAt);
    }
}
