using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>One personal access token or recorded session token: remembers its user and state, and asks the user grain what that user may do.</summary>
public sealed class AccessTokenGrain(TokenStore store, TimeProvider time) : Grain, IAccessTokenGrain
{
    private (string UserId, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)? _token;

    private byte[] Hash => Convert.FromHexString(this.GetPrimaryKeyString());

    public async Task<UserAccess?> ResolveAsync()
    {
        _token ??= await store.LoadAsync(Hash);
        if (_token is not { } token || token.RevokedAt is not null || token.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return await GrainFactory.GetGrain<IUserGrain>(token.UserId).GetAccessAsync();
    }

    public async Task IssueAsync(string userId, string label, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await store.InsertAsync(Hash, userId, label ?? "", expiresAt, time.GetUtcNow());
        _token = null;
    }

    public async Task<bool> RevokeAsync()
    {
        var revoked = await store.RevokeAsync(Hash, time.GetUtcNow());
        _token = null;
        return revoked;
    }

    public async Task<bool> IsRevokedAsync()
    {
        _token ??= await store.LoadAsync(Hash);
        return _token is { RevokedAt: not null };
    }

    public async Task<int> RevokeSessionsAsync(string userId, bool includeThis)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await ForgetRevokedAsync(await store.RevokeSessionsAsync(userId, includeThis ? null : Hash, time.GetUtcNow()));
    }

    public async Task<int> RevokeAllOfUserAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await ForgetRevokedAsync(await store.RevokeSessionsAsync(userId, null, time.GetUtcNow(), sessionsOnly: false));
    }

    public Task ForgetAsync()
    {
        _token = null;
        return Task.CompletedTask;
    }

    private async Task<int> ForgetRevokedAsync(IReadOnlyList<byte[]> revoked)
    {
        _token = null;

        // Other activations remember their token as it was; they read the store again at their next call.
        var key = this.GetPrimaryKeyString();
        await Task.WhenAll(revoked.Select(Convert.ToHexStringLower).Where(k => !string.Equals(k, key, StringComparison.Ordinal))
            .Select(k => GrainFactory.GetGrain<IAccessTokenGrain>(k).ForgetAsync()));
        return revoked.Count;
    }
}
