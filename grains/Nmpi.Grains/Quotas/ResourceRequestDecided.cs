using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>A request was accepted or rejected: its requester (<c>Request.RequestedBy</c>) is to be told.</summary>
/// <param name="Request">The request as committed (Accepted with Granted and ExpiresAt, or Rejected), with DecidedBy and DecisionNote.</param>
public sealed record ResourceRequestDecided(ResourceRequest Request);
