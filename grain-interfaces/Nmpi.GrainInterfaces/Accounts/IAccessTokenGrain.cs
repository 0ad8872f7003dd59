namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>One personal access token, keyed by the lower-case hex SHA-256 of its text (the token itself never reaches a grain).</summary>
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
}
