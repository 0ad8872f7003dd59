namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>The quota tables across collabs: new requests, listings, direct limits and job charges.</summary>
[Alias("nmpi.IQuotaRegistryGrain")]
public interface IQuotaRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Stores a new request in preparation.</summary>
    [Alias("CreateRequest")]
    Task<ResourceRequest> CreateRequestAsync(ResourceRequestDraft draft, string by);

    /// <summary>One page of requests, newest first.</summary>
    [Alias("ListRequests")]
    Task<IReadOnlyList<ResourceRequest>> ListRequestsAsync(ResourceRequestQuery query);

    /// <summary>The quotas matching the query.</summary>
    [Alias("ListQuotas")]
    Task<IReadOnlyList<CollabQuota>> ListQuotasAsync(QuotaQuery query);

    /// <summary>Sets a collab's limit and expiry on a platform (creating the quota when missing); usage is kept.</summary>
    [Alias("SetQuota")]
    Task<CollabQuota> SetQuotaAsync(QuotaSetting setting);

    /// <summary>Charges a job that ended, once: a repeat of the same job changes nothing.</summary>
    [Alias("Charge")]
    Task<bool> ChargeAsync(QuotaCharge charge);
}
