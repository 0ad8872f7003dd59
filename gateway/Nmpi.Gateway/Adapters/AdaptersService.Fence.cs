using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Adapters;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Adapters;

/// <summary>The scoping of reports: a key hears about a refused report only when the job is its own.</summary>
public sealed partial class AdaptersService
{
    /// <summary>
    /// Runs a report on job <paramref name="jobId"/>. A job that does not exist, and one the fence refused that is another
    /// key's, get the same NOT_FOUND; the key's own stale lease keeps the fence's FAILED_PRECONDITION.
    /// </summary>
    private async Task<T> ScopedAsync<T>(AdapterPrincipal key, string reporterId, long jobId, Func<Task<T>> report)
    {
        try
        {
            return await report();
        }
        catch (JobRejectedException e) when (e.Rejection == JobRejection.NotFound || e.Holding is not null)
        {
            if (e.Holding is not { } holding || !await IsCallersAsync(holding, reporterId, key))
            {
                throw GatewayErrors.JobNotFound(jobId);
            }

            throw;
        }
    }

    /// <summary>True when the job held as <paramref name="holding"/> is the key's own business.</summary>
    private async Task<bool> IsCallersAsync(LeaseHolding holding, string reporterId, AdapterPrincipal key)
    {
        switch (LeaseFenceScope.Classify(holding, reporterId, key))
        {
            case FencedJobOwner.Caller:
                return true;
            case FencedJobOwner.SiteAdapter:
                // Only another adapter of the same site costs these calls; other sites' jobs are decided without any.
                var registration = await grains.GetGrain<IHardwareAdapterGrain>(holding.AdapterId!).GetRegistrationAsync();
                return registration is not null && key.Serves(registration.Platform) && await binding.AdmitsAsync(registration, key);
            default:
                return false;
        }
    }
}
