using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Rest.Provider;
using Nmpi.GrainInterfaces.Adapters;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.Adapters;

/// <summary>
/// Whether a provider key may act as an adapter: an adapter id belongs to the key id that registered it, to the keys that
/// rotation put in that key's place, and to any live key of its site once the registering key has ended. The REST
/// adapter of a site and platform is the site's shared pool: any key of the site that serves its platform may use it.
/// </summary>
public sealed class AdapterKeyBinding(IGrainFactory grains, TimeProvider time)
{
    // A rotation chain longer than this is not followed (each hop is one grain call).
    private const int MaxRotations = 8;

    /// <summary>True when the key may register or act as the adapter registered as <paramref name="registration"/>.</summary>
    public async Task<bool> AdmitsAsync(AdapterRegistration? registration, AdapterPrincipal key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (registration?.KeyId is not { } boundId || string.Equals(boundId, key.KeyId, StringComparison.Ordinal))
        {
            return true;
        }

        if (registration.SoftwareVersion == RestProviderEndpoints.SoftwareVersion && key.Serves(registration.Platform))
        {
            return true;
        }

        var now = time.GetUtcNow();
        for (var hop = 0; hop < MaxRotations; hop++)
        {
            var bound = await grains.GetGrain<IProviderKeyGrain>(boundId).GetAsync();
            if (bound is null || (bound.ReplacedBy is null && !bound.IsLiveAt(now)))
            {
                // The registering key is gone and no rotation names a successor: its adapters can no longer act anyway.
                return true;
            }

            if (bound.ReplacedBy is not { } next)
            {
                return false;
            }

            if (string.Equals(next, key.KeyId, StringComparison.Ordinal))
            {
                return true;
            }

            boundId = next;
        }

        return false;
    }
}
