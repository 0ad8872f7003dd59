namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>Which quotas to list: always limited to the collabs the caller may view (null: all, for administrators).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.QuotaQuery")]
public sealed record QuotaQuery(
    [property: Id(0)] IReadOnlyList<string>? VisibleCollabs,
    [property: Id(1)] string? Collab,
    [property: Id(2)] string? Platform);
