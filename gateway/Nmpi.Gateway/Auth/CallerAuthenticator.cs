using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Nmpi.Gateway.Auth.Oidc;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.RateLimits;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Auth;

/// <summary>
/// Resolves the user behind a gRPC call's bearer token: a token of the configured OpenID Connect issuer (validated
/// locally), a session token checked against the signing keys, or a personal access token looked up by its SHA-256;
/// then counts the call against the user's write rate limit. Provider API keys are the <see cref="AdapterAuthenticator"/>'s.
/// </summary>
public sealed class CallerAuthenticator(
    CredentialLookups lookups,
    SigningKeyCache signingKeys,
    ConfiguredProviderKeys providerKeys,
    WriteRateLimiter writes,
    ExternalTokenValidator? external = null,
    ExternalDirectory? directory = null)
{
    public const string ApiKeyHeader = "x-api-key";
    private const string AuthorizationHeader = "authorization";
    private const string BearerPrefix = "Bearer ";

    /// <summary>Returns the user behind the call's bearer token and counts a write, or throws UNAUTHENTICATED / PERMISSION_DENIED / RESOURCE_EXHAUSTED.</summary>
    public async Task<UserPrincipal> AuthenticateUserAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = await AuthenticateUserAsync(context.RequestHeaders, context.CancellationToken);
        writes.Admit(user.UserId, context.Method);
        return user;
    }

    /// <summary>Returns the user behind the bearer token in the headers, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public async Task<UserPrincipal> AuthenticateUserAsync(Metadata headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var bearer = Bearer(headers);
        if (bearer is null)
        {
            if (headers.GetValue(ApiKeyHeader) is { Length: > 0 } key && providerKeys.IsProviderKey(key))
            {
                throw GatewayErrors.PermissionDenied("Adapter API keys may call only the Adapters service.", ErrorReasons.WrongCredentialKind);
            }

            throw GatewayErrors.Unauthenticated("Missing credentials: send 'authorization: Bearer <token>'.");
        }

        // A token of the external issuer carries the user and the collab roles itself; null means "not from that issuer".
        // Its user and collabs are of the issuer's namespace, never local accounts or collabs.
        if (external is not null && directory is not null && await external.ValidateAsync(bearer, cancellationToken) is { } identity)
        {
            return await directory.PrincipalAsync(identity);
        }

        UserAccess? access;
        if (SessionToken.LooksLikeJwt(bearer))
        {
            var (check, userId, expiresAt) = await signingKeys.CheckAsync(bearer);
            if (check == SessionTokenCheck.Expired)
            {
                // Genuine (the signature was checked first) but old: the user needs to sign in again, not a new token.
                throw GatewayErrors.Unauthenticated(
                    $"The session token expired at {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: sign in again (Accounts.Login).", ErrorReasons.TokenExpired);
            }

            // Signed sessions are recorded at issue; one revoked by Logout or a password change is refused.
            access = check == SessionTokenCheck.Valid && !await lookups.IsRevokedAsync(TokenKey(bearer))
                ? await lookups.UserAccessAsync(userId)
                : null;
        }
        else
        {
            access = await lookups.ResolveTokenAsync(TokenKey(bearer));
        }

        return access is null
            ? throw GatewayErrors.Unauthenticated("Unknown, expired or revoked bearer token.")
            : ToPrincipal(access);
    }

    /// <summary>The access token grain's key: the lower-case hex SHA-256 of the token text.</summary>
    public static string TokenKey(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The principal of a user's access as the gRPC services check it.</summary>
    public static UserPrincipal ToPrincipal(UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new UserPrincipal(access.UserId, access.Admin, access.Roles.ToDictionary(r => r.Key, r => (CollabRole)(int)r.Value, StringComparer.Ordinal));
    }

    /// <summary>The bearer token a call's headers carry, or null.</summary>
    internal static string? Bearer(Metadata headers)
    {
        var value = headers.GetValue(AuthorizationHeader);
        return value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && value.Length > BearerPrefix.Length
            ? value[BearerPrefix.Length..].Trim()
            : null;
    }
}
