namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>One provider API key, keyed by its key id: the single, coherent cache of its row that every gateway asks.</summary>
[Alias("nmpi.IProviderKeyGrain")]
public interface IProviderKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the key when the hash matches it and it is live, else null. A seed (a key listed in the caller's
    /// configuration) is stored first when no row has this id yet; a revoked seed stays revoked.
    /// </summary>
    [Alias("Authenticate")]
    Task<ProviderKey?> AuthenticateAsync(byte[] keyHash, NewProviderKey? seed);

    /// <summary>Stores a configured key (idempotent); a live one takes the configured site and platforms.</summary>
    [Alias("Seed")]
    Task<ProviderKey> SeedAsync(NewProviderKey seed);

    /// <summary>Stores a new key under this id; null when the id is taken.</summary>
    [Alias("Create")]
    Task<ProviderKey?> CreateAsync(NewProviderKey key);

    /// <summary>Returns the key, or null when none has this id.</summary>
    [Alias("Get")]
    Task<ProviderKey?> GetAsync();

    /// <summary>Ends the key now (a grace period still running is cut short); null when none has this id.</summary>
    [Alias("Revoke")]
    Task<ProviderKey?> RevokeAsync();

    /// <summary>Stores a new key with this one's site and platforms and ends this one after the grace period, in one transaction.</summary>
    [Alias("Rotate")]
    Task<ProviderKeyRotation> RotateAsync(string newKeyId, byte[] newKeyHash, TimeSpan grace, string rotatedBy);

    /// <summary>Forgets the cached row, so the next call reads it again (after another key's transaction wrote it).</summary>
    [Alias("Reload")]
    Task ReloadAsync();
}
