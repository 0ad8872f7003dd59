using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>What fetching a job's code bundle needs: the adapter's session and the job's lease, which the gateway checks.</summary>
public sealed record LeasedBundle(AdapterSession Session, LeaseRef Lease);
