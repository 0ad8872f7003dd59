namespace Nmpi.Grains.Quotas;

/// <summary>
/// The quota arithmetic, as pure functions; the SQL statements that reserve and charge apply the same rules
/// atomically, and these give callers the numbers to show.
/// </summary>
public static class QuotaBalance
{
    /// <summary>True when the quota's expiry has passed.</summary>
    public static bool IsExpired(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is { } at && at <= now;

    /// <summary>What new jobs may still reserve: limit minus used minus reserved, never below 0, and 0 once expired.</summary>
    public static decimal Remaining(decimal limit, decimal used, decimal reserved, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        IsExpired(expiresAt, now) ? 0 : Math.Max(0, limit - used - reserved);

    /// <summary>Usage beyond the limit.</summary>
    public static decimal Overdraft(decimal limit, decimal used) => Math.Max(0, used - limit);

    /// <summary>True when a job reserving <paramref name="estimate"/> is admitted: not expired, something left, and enough.</summary>
    public static bool Admits(decimal limit, decimal used, decimal reserved, DateTimeOffset? expiresAt, DateTimeOffset now, decimal estimate)
    {
        var remaining = Remaining(limit, used, reserved, expiresAt, now);
        return remaining > 0 && remaining >= estimate;
    }

    /// <summary>The part of a charge that lands beyond the limit, given what was used before it.</summary>
    public static decimal ChargeOverdraft(decimal limit, decimal usedBefore, decimal amount) =>
        Math.Min(Math.Max(0, amount), Overdraft(limit, usedBefore + Math.Max(0, amount)));

    /// <summary>The amount a usage report charges: negative, NaN or missing usage charges 0; the value is rounded to 6 decimals.</summary>
    public static decimal ChargeAmount(double? reported)
    {
        if (reported is not { } value || double.IsNaN(value) || value <= 0)
        {
            return 0;
        }

        return double.IsInfinity(value) || value > 1e15 ? 1e15m : Math.Round((decimal)value, 6, MidpointRounding.AwayFromZero);
    }
}
