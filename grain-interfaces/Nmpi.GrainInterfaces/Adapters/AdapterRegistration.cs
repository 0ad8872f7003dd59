namespace Nmpi.GrainInterfaces.Adapters;

/// <summary>What a site adapter tells the cluster about itself, and the provider key id that registered it (null before keys were bound).</summary>
[GenerateSerializer, Alias("nmpi.AdapterRegistration")]
public sealed record AdapterRegistration(
    [property: Id(0)] string Platform,
    [property: Id(1)] int Capacity,
    [property: Id(2)] string SoftwareVersion,
    [property: Id(3)] string? KeyId = null);
