namespace Nmpi.Gateway.Auth;

/// <summary>A configured user: bearer token, id, platform-admin flag and roles per collab ("viewer", "editor", "administrator").</summary>
public sealed class UserCredential
{
    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    public bool Admin { get; set; }
    public Dictionary<string, string> Collabs { get; set; } = new(StringComparer.Ordinal);
}
