namespace Nmpi.Gateway.Auth;

/// <summary>
/// A configured user: bearer token, id, platform-admin flag, e-mail, initial password and roles per collab ("viewer",
/// "editor", "administrator"); the silo upserts these into the accounts tables at start-up (a seed, not the store).
/// </summary>
public sealed class UserCredential
{
    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    public bool Admin { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public Dictionary<string, string> Collabs { get; set; } = new(StringComparer.Ordinal);
}
