using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>A request went under review: the platform administrators are to be told.</summary>
/// <param name="Request">The request as committed (status UnderReview, with its requester and amounts).</param>
/// <param name="SubmittedBy">The editor who submitted it (may differ from the requester).</param>
public sealed record ResourceRequestSubmitted(ResourceRequest Request, string SubmittedBy);
