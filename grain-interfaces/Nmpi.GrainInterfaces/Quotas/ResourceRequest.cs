namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>A collab's request for resources, with the amount asked for per platform in the platform's units.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ResourceRequest")]
public sealed record ResourceRequest
{
    [Id(0)] public required long Id { get; init; }
    [Id(1)] public required string Collab { get; init; }
    [Id(2)] public required string Title { get; init; }
    [Id(3)] public required string Abstract { get; init; }
    [Id(4)] public required ResourceRequestStatus Status { get; init; }

    /// <summary>The amount asked for per platform.</summary>
    [Id(5)] public required IReadOnlyDictionary<string, decimal> Requested { get; init; }

    /// <summary>The amount granted per platform (accepted requests only).</summary>
    [Id(6)] public IReadOnlyDictionary<string, decimal>? Granted { get; init; }

    /// <summary>When the granted quotas expire, if they do.</summary>
    [Id(7)] public DateTimeOffset? ExpiresAt { get; init; }

    [Id(8)] public required string RequestedBy { get; init; }
    [Id(9)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(10)] public DateTimeOffset? SubmittedAt { get; init; }
    [Id(11)] public DateTimeOffset? DecidedAt { get; init; }
    [Id(12)] public string? DecidedBy { get; init; }
    [Id(13)] public string? DecisionNote { get; init; }
    [Id(14)] public long Version { get; init; }
}
