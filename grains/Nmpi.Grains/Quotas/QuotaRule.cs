namespace Nmpi.Grains.Quotas;

/// <summary>
/// The quota rule, the one place it is written: when a quota admits a job, what a charge does to it, and the
/// numbers shown to users. Pure functions over <see cref="QuotaState"/>; the reserve and charge SQL of
/// <see cref="QuotaStore"/> apply the same rule atomically, and QuotaRuleAgreementTests hold them to it.
/// </summary>
public static class QuotaRule
{
    /// <summary>Charges are capped here: a reported usage beyond it (or infinite) charges this much.</summary>
    public const decimal MaxCharge = 1e15m;

    /// <summary>True when the quota's expiry has passed (at the expiry instant it has).</summary>
    public static bool IsExpired(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is { } at && at <= now;

    /// <summary>What new jobs may still reserve: limit minus used minus reserved, never below 0, and 0 once expired.</summary>
    public static decimal Remaining(QuotaState quota, DateTimeOffset now) =>
        IsExpired(quota.ExpiresAt, now) ? 0 : Math.Max(0, quota.Limit - quota.Used - quota.Reserved);

    /// <summary>Usage beyond the limit.</summary>
    public static decimal Overdraft(QuotaState quota) => Math.Max(0, quota.Used - quota.Limit);

    /// <summary>
    /// Decides a submit that reserves <paramref name="estimate"/>. A collab without a quota is granted the test quota
    /// (when above 0) first. Admitted when not expired, something is left, and what is left covers the estimate; then
    /// the estimate is added to reserved.
    /// </summary>
    public static QuotaDecision Admit(QuotaState? quota, decimal estimate, decimal testQuota, DateTimeOffset now)
    {
        var current = quota ?? (testQuota > 0 ? new QuotaState(testQuota, 0, 0, null) : null);
        if (current is not { } state)
        {
            return new QuotaDecision(false, null, 0);
        }

        var remaining = Remaining(state, now);
        return remaining > 0 && remaining >= estimate
            ? new QuotaDecision(true, state with { Reserved = state.Reserved + estimate }, remaining)
            : new QuotaDecision(false, state, remaining);
    }

    /// <summary>
    /// Charges an ended job <paramref name="amount"/> and releases the <paramref name="reservation"/> it held. A collab
    /// without a quota gets one of limit 0: usage is never dropped, all of it is overdraft.
    /// </summary>
    public static QuotaCharged Charge(QuotaState? quota, decimal reservation, decimal amount)
    {
        var state = quota ?? new QuotaState(0, 0, 0, null);
        var charged = Math.Max(0, amount);
        var overdraft = Math.Min(charged, Math.Max(0, state.Used + charged - state.Limit));
        var after = state with { Used = state.Used + charged, Reserved = Math.Max(0, state.Reserved - Math.Max(0, reservation)) };
        return new QuotaCharged(after, overdraft);
    }

    /// <summary>The amount a usage report charges: negative, NaN or missing usage charges 0; the value is rounded to 6 decimals.</summary>
    public static decimal ChargeAmount(double? reported)
    {
        if (reported is not { } value || double.IsNaN(value) || value <= 0)
        {
            return 0;
        }

        return double.IsInfinity(value) || value > (double)MaxCharge ? MaxCharge : Math.Round((decimal)value, 6, MidpointRounding.AwayFromZero);
    }
}
