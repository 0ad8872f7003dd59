namespace Nmpi.Grains.Quotas;

/// <summary>A quota's numbers at one moment, in the platform's units: what <see cref="QuotaRule"/> decides over.</summary>
/// <param name="Limit">What the collab may use.</param>
/// <param name="Used">Everything charged so far; may exceed the limit (overdraft).</param>
/// <param name="Reserved">Held by admitted jobs not charged yet.</param>
/// <param name="ExpiresAt">When the quota stops admitting jobs; null never.</param>
public readonly record struct QuotaState(decimal Limit, decimal Used, decimal Reserved, DateTimeOffset? ExpiresAt);
