using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>How an attempt of a job ends: the report the adapter sends, or (with <paramref name="Retry"/>) none at all.</summary>
/// <param name="Outcome">The outcome reported.</param>
/// <param name="Reason">The failure category reported with an error.</param>
/// <param name="Message">What the job's owner reads.</param>
/// <param name="Retry">
/// The platform failed before or around the job's code (its sandbox did not start): the adapter reports no end and gives
/// the lease up, so the platform runs the job again as a new attempt (the lease-lapse path, bounded by MaxAttempts).
/// </param>
public sealed record RunEnd(Outcome Outcome, FailureReason Reason, string Message, bool Retry = false)
{
    /// <summary>A failure of the platform's own making, retried as a new attempt.</summary>
    public static RunEnd PlatformFailure(string message) => new(Outcome.Error, FailureReason.PlatformError, message, Retry: true);
}
