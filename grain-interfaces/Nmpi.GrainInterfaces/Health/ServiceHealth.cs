namespace Nmpi.GrainInterfaces.Health;

/// <summary>The outcome of one health probe: the database answered or not, and the platforms no site serves at the moment.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ServiceHealth")]
public sealed record ServiceHealth(
    [property: Id(0)] bool DatabaseReachable,
    [property: Id(1)] IReadOnlyList<string> PlatformsWithoutSite);
