using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Grains.ProviderKeys;

/// <summary>Answers listings of provider keys straight from their table.</summary>
[StatelessWorker, Reentrant]
public sealed class ProviderKeyListGrain(ProviderKeyStore store, TimeProvider time) : Grain, IProviderKeyListGrain
{
    public Task<IReadOnlyList<ProviderKey>> ListAsync(string site, bool includeRevoked) =>
        store.ListAsync(site ?? "", includeRevoked, time.GetUtcNow());
}
