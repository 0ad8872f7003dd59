using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.ProviderKeys;

namespace Nmpi.Gateway.Auth;

/// <summary>Resolves the caller of a gRPC call from its bearer token or provider API key, comparing secrets in constant time.</summary>
public sealed class CallerAuthenticator
{
    public const string ApiKeyHeader = "x-api-key";
    private const string AuthorizationHeader = "authorization";
    private const string BearerPrefix = "Bearer ";

    private readonly IReadOnlyList<(byte[] Hash, UserPrincipal User)> _users;
    private readonly ConfiguredProviderKeys _providerKeys;

    public CallerAuthenticator(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _users = [.. options.Value.Users.Select(u => (Hash(u.Token), ToPrincipal(u)))];
        _providerKeys = new ConfiguredProviderKeys(options);
    }

    /// <summary>Returns the user behind the call's bearer token, or throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public UserPrincipal AuthenticateUser(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateUser(context.RequestHeaders);
    }

    public UserPrincipal AuthenticateUser(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var bearer = Bearer(headers);
        if (bearer is null)
        {
            if (headers.GetValue(ApiKeyHeader) is { Length: > 0 } key && _providerKeys.IsProviderKey(key))
            {
                throw GatewayErrors.PermissionDenied("Adapter API keys may call only the Adapters service.", ErrorReasons.WrongCredentialKind);
            }

            throw GatewayErrors.Unauthenticated("Missing credentials: send 'authorization: Bearer <token>'.");
        }

        return Find(_users, bearer) ?? throw GatewayErrors.Unauthenticated("Unknown or revoked bearer token.");
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

    private static UserPrincipal ToPrincipal(UserCredential user)
    {
        var roles = new Dictionary<string, CollabRole>(StringComparer.Ordinal);
        foreach (var (collab, role) in user.Collabs)
        {
            if (AuthOptionsValidator.TryParseRole(role, out var parsed))
            {
                roles[collab] = parsed;
            }
        }

        return new UserPrincipal(user.UserId, user.Admin, roles);
    }
}
