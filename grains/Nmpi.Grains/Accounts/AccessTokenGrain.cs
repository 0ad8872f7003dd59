using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>One personal access token: remembers its user and state, and asks the user grain what that user may do.</summary>
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
}
