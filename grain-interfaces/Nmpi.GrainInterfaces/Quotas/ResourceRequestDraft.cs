namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>The fields of a request its editors write: title, abstract and the amount per platform.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ResourceRequestDraft")]
public sealed record ResourceRequestDraft(
    [property: Id(0)] string Collab,
    [property: Id(1)] string Title,
    [property: Id(2)] string Abstract,
    [property: Id(3)] IReadOnlyDictionary<string, decimal> Requested);
