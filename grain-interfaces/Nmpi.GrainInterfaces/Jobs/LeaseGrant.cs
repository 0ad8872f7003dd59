namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>A job handed to an adapter under a lease.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.LeaseGrant")]
public sealed record LeaseGrant(
    [property: Id(0)] LeaseRef Lease,
    [property: Id(1)] JobSnapshot Job,
    [property: Id(2)] DateTimeOffset ExpiresAt);
