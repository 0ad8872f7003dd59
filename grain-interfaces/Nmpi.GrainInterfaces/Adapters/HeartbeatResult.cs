using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.GrainInterfaces.Adapters;

/// <summary>Which leases a heartbeat renewed (and until when at least) and which jobs the adapter must stop.</summary>
[GenerateSerializer, Alias("nmpi.HeartbeatResult")]
public sealed record HeartbeatResult(
    [property: Id(0)] IReadOnlyList<LeaseRef> Renewed,
    [property: Id(1)] IReadOnlyList<LeaseRef> Stop,
    [property: Id(2)] DateTimeOffset LeaseExpiresAt);
