namespace Nmpi.Grains.Accounts;

/// <summary>A user listed in configuration (<c>Nmpi:Auth:Users</c>), upserted into the accounts tables at silo start.</summary>
public sealed class SeedUser
{
    public string UserId { get; set; } = "";

    /// <summary>A personal access token of the user; stored as its SHA-256 only.</summary>
    public string Token { get; set; } = "";

    /// <summary>When the configured token stops working; null for never (a revoked one stays revoked across restarts).</summary>
    public DateTimeOffset? TokenExpires { get; set; }

    public bool Admin { get; set; }

    public string? Email { get; set; }

    /// <summary>An initial password: set only while the user has none, so a password changed through the API stays.</summary>
    public string? Password { get; set; }

    /// <summary>Roles per collab ("viewer", "editor", "administrator"); missing collabs are created.</summary>
    public Dictionary<string, string> Collabs { get; set; } = new(StringComparer.Ordinal);
}
