using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Grains.ProviderKeys;

/// <summary>A row of the provider keys table: the key and the hash it is checked against.</summary>
public sealed record StoredProviderKey(ProviderKey Key, byte[] Hash);
