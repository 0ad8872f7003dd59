namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>An administrator's decision on a request under review.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ResourceRequestDecision")]
public sealed record ResourceRequestDecision(
    [property: Id(0)] bool Accept,
    [property: Id(1)] string DecidedBy,
    [property: Id(2)] string? Note,
    [property: Id(3)] IReadOnlyDictionary<string, decimal>? Granted,
    [property: Id(4)] DateTimeOffset? ExpiresAt);
