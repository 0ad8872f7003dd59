namespace Nmpi.GrainInterfaces.Adapters;

/// <summary>The lease timing an adapter must keep to, and the leases it still holds.</summary>
[GenerateSerializer, Alias("nmpi.AdapterTiming")]
public sealed record AdapterTiming(
    [property: Id(0)] TimeSpan LeaseDuration,
    [property: Id(1)] TimeSpan HeartbeatInterval,
    [property: Id(2)] IReadOnlyList<Jobs.LeaseRef> LiveLeases);
