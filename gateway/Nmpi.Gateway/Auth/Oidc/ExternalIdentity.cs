namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>A user vouched for by the external issuer: username, contact details, platform-admin flag and role per collab.</summary>
public sealed record ExternalIdentity(
    string UserId,
    string? Email,
    string? DisplayName,
    bool IsAdmin,
    IReadOnlyDictionary<string, CollabRole> Roles);
