using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Nmpi.Api.Platforms;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Auth;

/// <summary>
/// Resolves the caller of a gRPC call: a bearer token through the accounts grains (a session token checked against
/// the signing keys, or a personal access token looked up by its SHA-256), a provider API key from configuration.
/// </summary>
public sealed class CallerAuthenticator
{
    public const string ApiKeyHeader = "x-api-key";
    private const string AuthorizationHeader = "authorization";
    private const string BearerPrefix = "Bearer ";

    private readonly IGrainFactory _grains;
    private readonly SigningKeyCache _signingKeys;
    private readonly IReadOnlyList<(byte[] Hash, AdapterPrincipal Adapter)> _adapters;

    public CallerAuthenticator(IOptions<AuthOptions> options, IGrainFactory grains, SigningKeyCache signingKeys)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _signingKeys = signingKeys;
        _adapters = [.. options.Value.AdapterKeys.Select(k => (Hash(k.Key), ToPrincipal(k)))];
    }

    /// <summary>Returns the user behind the call's bearer token, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public Task<UserPrincipal> AuthenticateUserAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateUserAsync(context.RequestHeaders);
    }

    /// <summary>Returns the adapter key behind the call's x-api-key header, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public AdapterPrincipal AuthenticateAdapter(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateAdapter(context.RequestHeaders);
    }

    public async Task<UserPrincipal> AuthenticateUserAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var bearer = Bearer(headers);
        if (bearer is null)
        {
            if (headers.GetValue(ApiKeyHeader) is { Length: > 0 } key && Find(_adapters, key) is not null)
            {
                throw GatewayErrors.PermissionDenied("Adapter API keys may call only the Adapters service.", ErrorReasons.WrongCredentialKind);
            }

            throw GatewayErrors.Unauthenticated("Missing credentials: send 'authorization: Bearer <token>'.");
        }

        UserAccess? access;
        if (SessionToken.LooksLikeJwt(bearer))
        {
            var (check, userId, _) = await _signingKeys.CheckAsync(bearer);
            access = check == SessionTokenCheck.Valid ? await _grains.GetGrain<IUserGrain>(userId).GetAccessAsync() : null;
        }
        else
        {
            access = await _grains.GetGrain<IAccessTokenGrain>(TokenKey(bearer)).ResolveAsync();
        }

        return access is null
            ? throw GatewayErrors.Unauthenticated("Unknown, expired or revoked bearer token.")
            : ToPrincipal(access);
    }

    /// <summary>The access token grain's key: the lower-case hex SHA-256 of the token text.</summary>
    public static string TokenKey(string token) => Convert.ToHexStringLower(Hash(token));

    /// <summary>The principal of a user's access as the gRPC services check it.</summary>
    public static UserPrincipal ToPrincipal(UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new UserPrincipal(access.UserId, access.Admin, access.Roles.ToDictionary(r => r.Key, r => (CollabRole)(int)r.Value, StringComparer.Ordinal));
    }

    public AdapterPrincipal AuthenticateAdapter(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var key = headers.GetValue(ApiKeyHeader);
        if (string.IsNullOrEmpty(key))
        {
            // Said without checking the token: whether a bearer token is valid is no business of the Adapters service.
            if (Bearer(headers) is not null)
            {
                throw GatewayErrors.PermissionDenied("User tokens may not call the Adapters service; use a provider API key.", ErrorReasons.WrongCredentialKind);
            }

            throw GatewayErrors.Unauthenticated("Missing credentials: send the provider API key in 'x-api-key'.");
        }

        return Find(_adapters, key) ?? throw GatewayErrors.Unauthenticated("Unknown or revoked API key.");
    }

    private static string? Bearer(Metadata headers)
    {
        var value = headers.GetValue(AuthorizationHeader);
        return value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && value.Length > BearerPrefix.Length
            ? value[BearerPrefix.Length..].Trim()
            : null;
    }

    // Compares fixed-length hashes against every entry, so neither the length nor the position of a match shows in the timing.
    private static T? Find<T>(IReadOnlyList<(byte[] Hash, T Value)> entries, string secret)
        where T : class
    {
        var hash = Hash(secret);
        T? found = null;
        foreach (var (candidate, value) in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                found = value;
            }
        }

        return found;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static AdapterPrincipal ToPrincipal(AdapterKeyCredential key) =>
        new(key.Site, key.Platforms.Where(p => PlatformCatalog.Find(p) is not null).ToHashSet(StringComparer.Ordinal));
}
