using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>Answers straight from the quota tables; keeps nothing, so any silo may run any number of these.</summary>
[StatelessWorker, Reentrant]
public sealed class QuotaRegistryGrain(QuotaStore quotas, ResourceRequestStore requests, TimeProvider time) : Grain, IQuotaRegistryGrain
{
    public Task<ResourceRequest> CreateRequestAsync(ResourceRequestDraft draft, string by)
    {
        var problems = ResourceRequestRules.Check(draft);
        return problems.Count > 0
            ? throw new QuotaRejectedException(QuotaRejection.InvalidArgument, $"{problems[0].Field}: {problems[0].Description}", problems[0].Field)
            : requests.InsertAsync(draft, by, time.GetUtcNow());
    }

    public Task<IReadOnlyList<ResourceRequest>> ListRequestsAsync(ResourceRequestQuery query) => requests.ListAsync(query);

    public Task<IReadOnlyList<CollabQuota>> ListQuotasAsync(QuotaQuery query) => quotas.ListAsync(query);

    public Task<CollabQuota> SetQuotaAsync(QuotaSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting.Limit is < 0 or > ResourceRequestRules.MaxAmount
            ? throw new QuotaRejectedException(QuotaRejection.InvalidArgument, $"limit must be between 0 and {ResourceRequestRules.MaxAmount}.", "limit")
            : quotas.SetAsync(setting);
    }

    public Task<bool> ChargeAsync(QuotaCharge charge) => quotas.ChargeAsync(charge);
}
