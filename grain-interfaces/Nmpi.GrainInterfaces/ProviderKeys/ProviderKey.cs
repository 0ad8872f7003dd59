namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>What is known of a provider API key, without its secret: its site, platforms and life.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ProviderKey")]
public sealed record ProviderKey
{
    [Id(0)] public required string KeyId { get; init; }

    /// <summary>The site whose adapters the key authenticates; adapter ids are "site/name".</summary>
    [Id(1)] public required string Site { get; init; }

    /// <summary>The platforms the key's adapters may serve.</summary>
    [Id(2)] public required IReadOnlyList<string> Platforms { get; init; }

    [Id(3)] public required string Label { get; init; }

    /// <summary>The administrator who created it, or "config" for a key seeded from configuration.</summary>
    [Id(4)] public required string CreatedBy { get; init; }

    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key last authenticated a call (recorded at most once a minute).</summary>
    [Id(6)] public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When the key stops (or stopped) working; null while it has no end.</summary>
    [Id(7)] public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The key that a rotation put in this one's place.</summary>
    [Id(8)] public string? ReplacedBy { get; init; }

    /// <summary>True when the key authenticates calls at the given instant.</summary>
    public bool IsLiveAt(DateTimeOffset now) => RevokedAt is not { } end || now < end;
}
