namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>
/// One personal access token or recorded session token, keyed by the lower-case hex SHA-256 of its text (the token
/// itself never reaches a grain). Session tokens are recorded with the label <see cref="SessionLabel"/> so they can be revoked.
/// </summary>
[Alias("nmpi.IAccessTokenGrain")]
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>Returns what the token's user may do, or null when the token is unknown, revoked, expired or its user disabled.</summary>
    [Alias("Resolve")]
    Task<UserAccess?> ResolveAsync();

    /// <summary>Stores the token for the user (label, optional expiry); a token already stored is left as it is.</summary>
    [Alias("Issue")]
    Task IssueAsync(string userId, string label, DateTimeOffset? expiresAt);

    /// <summary>Revokes the token at once; true when it existed and was not revoked before.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync();

    /// <summary>True when the token is stored and revoked (an unrecorded session token is not revoked).</summary>
    [Alias("IsRevoked")]
    Task<bool> IsRevokedAsync();

    /// <summary>
    /// Revokes every unrevoked session token of the user in one step, except this token unless includeThis;
    /// returns how many were revoked.
    /// </summary>
    [Alias("RevokeSessions")]
    Task<int> RevokeSessionsAsync(string userId, bool includeThis);

    /// <summary>Revokes every token of the user, personal access tokens included (an administrator's act); returns how many.</summary>
    [Alias("RevokeAllOfUser")]
    Task<int> RevokeAllOfUserAsync(string userId);

    /// <summary>Drops what the grain remembers of its token, so the next call reads the store again.</summary>
    [Alias("Forget")]
    Task ForgetAsync();

    /// <summary>The label of recorded session tokens (issued by Accounts.Login and RenewToken).</summary>
    public const string SessionLabel = "session";
}
