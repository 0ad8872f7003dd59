namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>Reads listings of provider API keys from their table.</summary>
[Alias("nmpi.IProviderKeyListGrain")]
public interface IProviderKeyListGrain : IGrainWithIntegerKey
{
    /// <summary>Lists keys oldest first, of one site or all (empty site), with or without the ended ones.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ProviderKey>> ListAsync(string site, bool includeRevoked);
}
