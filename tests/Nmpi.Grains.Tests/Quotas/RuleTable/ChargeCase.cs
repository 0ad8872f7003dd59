using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Tests.Quotas.RuleTable;

/// <summary>
/// One row of the charge table: the quota before (none when <paramref name="Limit"/> is null), the open reservation of
/// the job (0: none), the charged amount, and the quota and ledger overdraft that must follow.
/// </summary>
public sealed record ChargeCase(
    string Name,
    decimal? Limit,
    decimal Used,
    decimal Reserved,
    decimal Reservation,
    decimal Amount,
    decimal UsedAfter,
    decimal ReservedAfter,
    decimal Overdraft)
{
    /// <summary>The quota before the charge, or null.</summary>
    public QuotaState? Quota() => Limit is { } limit ? new QuotaState(limit, Used, Reserved, null) : null;

    public override string ToString() => Name;
}
