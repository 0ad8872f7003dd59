using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Adapters;

/// <summary>
/// Decides whether a report the lease fence refused concerns the reporting key at all. A key hears "stale lease" only
/// about its own jobs; about any other it hears what it would for a job that does not exist.
/// </summary>
public static class LeaseFenceScope
{
    /// <summary>Whose the job is, for a report through <paramref name="reporterId"/> by <paramref name="key"/>.</summary>
    public static FencedJobOwner Classify(LeaseHolding holding, string reporterId, AdapterPrincipal key)
    {
        ArgumentNullException.ThrowIfNull(holding);
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Serves(holding.Platform))
        {
            return FencedJobOwner.Stranger;
        }

        if (holding.AdapterId is not { } holder)
        {
            // Back in the queue (a lease that lapsed or was returned): any key of the platform may lease it, so no secret.
            return holding.Queued ? FencedJobOwner.Caller : FencedJobOwner.Stranger;
        }

        if (string.Equals(holder, reporterId, StringComparison.Ordinal))
        {
            return FencedJobOwner.Caller;
        }

        return key.Owns(holder) ? FencedJobOwner.SiteAdapter : FencedJobOwner.Stranger;
    }
}
