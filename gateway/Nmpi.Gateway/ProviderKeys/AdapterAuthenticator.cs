using Grpc.Core;
using Nmpi.Api.Platforms;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>
/// Resolves the provider API key of an Adapters call through the key's grain, so a revocation or rotation holds at once
/// in every gateway. Malformed, unknown, ended and oversized keys are all UNAUTHENTICATED with one message.
/// </summary>
public sealed class AdapterAuthenticator(IGrainFactory grains, ConfiguredProviderKeys configured, CredentialLookups? lookups = null)
{
    /// <summary>The header adapters send their key in.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private const string Refusal = "Unknown or revoked API key.";

    /// <summary>Returns the site and platforms of the call's key, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public Task<AdapterPrincipal> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateAsync(context.RequestHeaders);
    }

    /// <summary>Returns the site and platforms of the key in the headers, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public async Task<AdapterPrincipal> AuthenticateAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var text = headers.GetValue(ApiKeyHeader);
        if (string.IsNullOrEmpty(text))
        {
            if (headers.GetValue("authorization") is { Length: > 0 })
            {
                throw GatewayErrors.PermissionDenied("User tokens may not call the Adapters service; use a provider API key.", ErrorReasons.WrongCredentialKind);
            }

            throw GatewayErrors.Unauthenticated("Missing credentials: send the provider API key in 'x-api-key'.");
        }

        if (text.Length > ProviderKeyFormat.MaxKeyLength)
        {
            throw GatewayErrors.Unauthenticated(Refusal);
        }

        // Free-form keys exist only as seeds of the configuration: one this gateway does not list never reaches the cluster.
        var hash = ProviderKeyFormat.Hash(text);
        var seed = configured.Find(hash);
        if (seed is null && !ProviderKeyFormat.IsGenerated(text))
        {
            throw GatewayErrors.Unauthenticated(Refusal);
        }

        // The gateway's lookups add short timeouts and a stand-in answer when a silo died; tests may ask the grain directly.
        var keyId = ProviderKeyFormat.IdOf(text);
        var key = await (lookups is null ? grains.GetGrain<IProviderKeyGrain>(keyId).AuthenticateAsync(hash, seed?.Seed) : lookups.AuthenticateKeyAsync(keyId, hash, seed?.Seed))
            ?? throw GatewayErrors.Unauthenticated(Refusal);
        return new AdapterPrincipal(key.Site, key.Platforms.Where(p => PlatformCatalog.Find(p) is not null).ToHashSet(StringComparer.Ordinal))
        {
            KeyId = key.KeyId,
        };
    }
}
