namespace Nmpi.Grains.Quotas;

/// <summary>The rule's answer to a charge: the quota after it and the part of the charge beyond the limit.</summary>
/// <param name="Quota">The quota after the charge (used raised, the job's reservation released).</param>
/// <param name="Overdraft">The part of the charged amount that lands beyond the limit; recorded in the ledger row.</param>
public readonly record struct QuotaCharged(QuotaState Quota, decimal Overdraft);
