using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>One key of the configuration: the id its row has and what seeds that row.</summary>
public sealed record ConfiguredProviderKey(string KeyId, NewProviderKey Seed);
