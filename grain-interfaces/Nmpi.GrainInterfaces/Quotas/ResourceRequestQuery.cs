namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>Which requests to list, newest first: limited to the collabs the caller may view (null: all).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ResourceRequestQuery")]
public sealed record ResourceRequestQuery(
    [property: Id(0)] IReadOnlyList<string>? VisibleCollabs,
    [property: Id(1)] string? Collab,
    [property: Id(2)] ResourceRequestStatus? Status,
    [property: Id(3)] int PageSize,
    [property: Id(4)] long? BeforeId);
