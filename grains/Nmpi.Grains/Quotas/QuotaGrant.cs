namespace Nmpi.Grains.Quotas;

/// <summary>A quota granted from configuration (Nmpi:Quotas:Grants:N:Collab/Platform/Limit/ExpiresAt).</summary>
public sealed class QuotaGrant
{
    /// <summary>The collab.</summary>
    public string Collab { get; set; } = "";

    /// <summary>The platform (its exact name).</summary>
    public string Platform { get; set; } = "";

    /// <summary>The limit in the platform's units.</summary>
    public decimal Limit { get; set; }

    /// <summary>When the quota expires, if it does.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
