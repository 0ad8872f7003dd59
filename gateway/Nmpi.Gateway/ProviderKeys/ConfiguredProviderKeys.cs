using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nmpi.Api.Platforms;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>
/// The provider keys listed in <c>Nmpi:Auth:AdapterKeys</c>: seeds for the keys table (stored hashed on first use or at
/// start-up), recognised here by a constant-time hash comparison. The table, not this list, says whether a key is live.
/// </summary>
public sealed class ConfiguredProviderKeys
{
    /// <summary>Who the table names as the creator of a configured key.</summary>
    public const string CreatedBy = "config";

    private readonly IReadOnlyList<ConfiguredProviderKey> _keys;

    public ConfiguredProviderKeys(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.AdapterKeys.Select(k => new ConfiguredProviderKey(
            ProviderKeyFormat.IdOf(k.Key),
            new NewProviderKey(
                ProviderKeyFormat.Hash(k.Key),
                k.Site,
                [.. k.Platforms.Where(p => PlatformCatalog.Find(p) is not null).Distinct(StringComparer.Ordinal)],
                "from configuration",
                CreatedBy)))];
    }

    /// <summary>Every configured key: its id and its seed.</summary>
    public IReadOnlyList<ConfiguredProviderKey> All => _keys;

    /// <summary>The configured key whose hash this is, or null; every entry is compared, so the timing tells nothing.</summary>
    public ConfiguredProviderKey? Find(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ConfiguredProviderKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key.Seed.KeyHash, hash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>True when the text is a provider key by its form (a generated key) or by being configured; says nothing of whether it is live.</summary>
    public bool IsProviderKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= ProviderKeyFormat.MaxKeyLength && (ProviderKeyFormat.IsGenerated(text) || Find(ProviderKeyFormat.Hash(text)) is not null);
    }
}
