namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>
/// A user vouched for by the external issuer: its subject, username, contact details, platform-admin flag and the role per
/// collab its teams name (not yet checked against the issuer's namespace: <see cref="ExternalDirectory"/> does that).
/// </summary>
public sealed record ExternalIdentity(
    string Subject,
    string Username,
    string? Email,
    string? DisplayName,
    bool IsAdmin,
    IReadOnlyDictionary<string, CollabRole> Roles);
