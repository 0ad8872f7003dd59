namespace Nmpi.Gateway.Auth;

/// <summary>An authenticated provider API key: its site and the platforms it may serve.</summary>
public sealed record AdapterPrincipal(string Site, IReadOnlySet<string> Platforms)
{
    /// <summary>The id of the key itself (adapters are bound to the key id that registered them).</summary>
    public string KeyId { get; init; } = "";

    /// <summary>The adapter id the gateway gives an adapter of this site.</summary>
    public string AdapterId(string name) => $"{Site}/{name}";

    /// <summary>True when the adapter id belongs to this key's site.</summary>
    public bool Owns(string adapterId) =>
        adapterId.Length > Site.Length + 1 && adapterId.StartsWith(Site + "/", StringComparison.Ordinal);

    /// <summary>True when the key may serve the platform.</summary>
    public bool Serves(string platform) => Platforms.Contains(platform);
}
