namespace Nmpi.Silo.Hosting.Startup;

/// <summary>
/// The pauses between start-up attempts: doubling from the first delay up to the maximum, and never past the
/// deadline (the last pause is cut so the last attempt starts before it).
/// </summary>
public sealed class StartupBackoff(TimeSpan firstDelay, TimeSpan maxDelay, TimeSpan deadline)
{
    /// <summary>The pause after failed attempt <paramref name="attempt"/> (1-based), or null when the deadline leaves no time for another.</summary>
    public TimeSpan? DelayAfter(int attempt, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var remaining = deadline - elapsed;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        // Doubling saturates long before 2^30; the cap keeps the shift in range.
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * factor, maxDelay.Ticks));
        return delay < remaining ? delay : remaining;
    }
}
