namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>A key to store: the SHA-256 of its text (never the text), its site, platforms and who makes it.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.NewProviderKey")]
public sealed record NewProviderKey(
    [property: Id(0)] byte[] KeyHash,
    [property: Id(1)] string Site,
    [property: Id(2)] IReadOnlyList<string> Platforms,
    [property: Id(3)] string Label,
    [property: Id(4)] string CreatedBy);
