using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Tests.Quotas.RuleTable;

/// <summary>
/// One row of the admission table: the quota before (no quota when <paramref name="Limit"/> is null; expiry in
/// seconds from now), the job's estimate, the test quota granted to a collab without one, and what must follow.
/// </summary>
public sealed record AdmissionCase(
    string Name,
    decimal? Limit,
    decimal Used,
    decimal Reserved,
    int? ExpiresInSeconds,
    decimal Estimate,
    decimal TestQuota,
    bool Admitted,
    decimal? ReservedAfter,
    decimal RemainingBefore)
{
    /// <summary>The quota before the submit, or null.</summary>
    public QuotaState? Quota(DateTimeOffset now) =>
        Limit is { } limit ? new QuotaState(limit, Used, Reserved, ExpiresInSeconds is { } s ? now.AddSeconds(s) : null) : null;

    public override string ToString() => Name;
}
