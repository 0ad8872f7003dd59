namespace Nmpi.Grains.Notifications;

/// <summary>When a message that failed is tried again, and when it is given up; pure.</summary>
public static class MailRetryPolicy
{
    /// <summary>The wait after the given number of failed attempts (1 for the first): doubling, capped.</summary>
    public static TimeSpan Delay(int failedAttempts, MailOptions options)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var delay = options.RetryDelay.TotalMilliseconds * Math.Pow(2, doublings);
        return TimeSpan.FromMilliseconds(Math.Min(delay, options.MaxRetryDelay.TotalMilliseconds));
    }

    /// <summary>True when no attempt is left after the given number of attempts, or the failure is permanent.</summary>
    public static bool GiveUp(int attempts, bool permanent, MailOptions options) => permanent || attempts >= options.MaxAttempts;
}
