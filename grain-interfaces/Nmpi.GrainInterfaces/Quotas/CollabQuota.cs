namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>A collab's quota on one platform, in the platform's units, with what is used and held.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CollabQuota")]
public sealed record CollabQuota
{
    [Id(0)] public required string Collab { get; init; }
    [Id(1)] public required string Platform { get; init; }
    [Id(2)] public required decimal Limit { get; init; }
    [Id(3)] public required decimal Used { get; init; }
    [Id(4)] public required decimal Reserved { get; init; }

    /// <summary>What new jobs may still reserve (0 when expired or exhausted).</summary>
    [Id(5)] public required decimal Remaining { get; init; }

    /// <summary>Usage beyond the limit.</summary>
    [Id(6)] public required decimal Overdraft { get; init; }

    [Id(7)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(8)] public required bool Expired { get; init; }
    [Id(9)] public required string Source { get; init; }
    [Id(10)] public required string GrantedBy { get; init; }
    [Id(11)] public required DateTimeOffset UpdatedAt { get; init; }
}
