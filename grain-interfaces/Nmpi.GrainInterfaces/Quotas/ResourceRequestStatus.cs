namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>Where a resource request is in its lifecycle.</summary>
[GenerateSerializer, Alias("nmpi.ResourceRequestStatus")]
public enum ResourceRequestStatus
{
    /// <summary>Being written by the collab's editors; not yet seen by administrators.</summary>
    InPreparation = 1,
    /// <summary>Submitted; waiting for a platform administrator.</summary>
    UnderReview = 2,
    /// <summary>Accepted: the granted amounts became quotas.</summary>
    Accepted = 3,
    /// <summary>Rejected by an administrator.</summary>
    Rejected = 4,
}
