using Microsoft.IdentityModel.Tokens;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>The issuer's signing keys as fetched at one moment.</summary>
internal sealed record IssuerKeys(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)
{
    /// <summary>Where browsers are sent to sign in (from the discovery document; empty when it names none).</summary>
    public string AuthorizationEndpoint { get; init; } = "";

    /// <summary>Where authorization codes are redeemed (from the discovery document; empty when it names none).</summary>
    public string TokenEndpoint { get; init; } = "";

    /// <summary>True when one of the keys carries the key id.</summary>
    public bool Knows(string keyId) => Keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
}
