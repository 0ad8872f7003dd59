using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nmpi.Gateway.Errors;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Checks access tokens of the configured OpenID Connect issuer locally, against its cached signing keys, and reads the user and collab roles from them.</summary>
public sealed class ExternalTokenValidator : IDisposable
{
    private const int MaxUsernameLength = 128;

    // Asymmetric only: an HS256 token "signed" with the public key bytes (algorithm confusion) is refused outright.
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly OidcOptions _options;
    private readonly ILogger<ExternalTokenValidator> _logger;
    private readonly IssuerKeyCache _keys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HashSet<string> _adminUsernames;

    public ExternalTokenValidator(IOptions<OidcOptions> options, TimeProvider time, ILogger<ExternalTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _keys = new IssuerKeyCache(_options, time, logger);
        _adminUsernames = new HashSet<string>(_options.AdminUsernames, StringComparer.Ordinal);
    }

    /// <summary>The issuer whose tokens this validator checks.</summary>
    public string Issuer => _options.EffectiveIssuer;

    /// <summary>
    /// Returns null when the bearer is not a JWT naming the configured issuer (the caller then tries its own tokens);
    /// otherwise the identity, or throws UNAUTHENTICATED for an invalid token and UNAVAILABLE when the issuer's keys cannot be had.
    /// </summary>
    public async Task<ExternalIdentity?> ValidateAsync(string bearer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        if (!TryPeek(bearer, out var issuer, out var keyId) || !string.Equals(issuer, Issuer, StringComparison.Ordinal))
        {
            return null;
        }

        var keys = await _keys.GetAsync(cancellationToken);
        if (keyId is not null && !keys.Knows(keyId))
        {
            keys = await _keys.RefreshForUnknownKeyAsync(keys, cancellationToken);
        }

        var result = await _handler.ValidateTokenAsync(bearer, Parameters(keys));
        if (!result.IsValid)
        {
            throw Refuse(Describe(result.Exception), result.Exception is SecurityTokenExpiredException ? ErrorReasons.TokenExpired : ErrorReasons.Unauthenticated);
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(((JsonWebToken)result.SecurityToken).EncodedPayload));

        // Keycloak marks its tokens: "Bearer" for access tokens, "ID" for ID tokens, which are meant for the client alone;
        // without the mark an ID token whose aud is the Audience would pass, so it is required unless the issuer sets none.
        var type = ClaimPath.String(payload.RootElement, "typ");
        if ((type is not null || _options.RequireTyp) && !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse(type is null ? "it carries no typ claim, so it cannot be told from an ID token" : "it is not an access token");
        }

        return ToIdentity(payload.RootElement) ?? throw Refuse("it carries no usable subject or username");
    }

    /// <summary>The issuer's authorization and token endpoints from its discovery document; UNAVAILABLE when it cannot be had.</summary>
    internal async Task<(string Authorization, string Token)> EndpointsAsync(CancellationToken cancellationToken)
    {
        var keys = await _keys.GetAsync(cancellationToken);
        return (keys.AuthorizationEndpoint, keys.TokenEndpoint);
    }

    /// <summary>Checks an ID token of the issuer (signature, issuer, audience = the client id, lifetime) and returns its payload, or null when it fails.</summary>
    internal async Task<JsonElement?> ValidateIdTokenAsync(string idToken, string clientId, CancellationToken cancellationToken)
    {
        var keys = await _keys.GetAsync(cancellationToken);
        if (TryPeek(idToken, out _, out var keyId) && keyId is not null && !keys.Knows(keyId))
        {
            keys = await _keys.RefreshForUnknownKeyAsync(keys, cancellationToken);
        }

        var parameters = Parameters(keys);
        parameters.ValidAudience = clientId;
        var result = await _handler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid)
        {
            OidcLog.TokenRefused(_logger, Issuer, "ID token: " + Describe(result.Exception));
            return null;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(((JsonWebToken)result.SecurityToken).EncodedPayload));
        return payload.RootElement.Clone();
    }

    public void Dispose() => _keys.Dispose();

    // Reads iss and kid without the library: its parser rejects a token with, say, a string exp, which must then be refused, not passed on.
    private static bool TryPeek(string bearer, out string? issuer, out string? keyId)
    {
        issuer = keyId = null;
        var parts = bearer.Split('.');
        if (parts.Length != 3 || TryDecode(parts[0]) is not { } header || TryDecode(parts[1]) is not { } payload)
        {
            return false;
        }

        issuer = ClaimPath.String(payload, "iss");
        keyId = ClaimPath.String(header, "kid");
        return true;
    }

    private static JsonElement? TryDecode(string segment)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(segment));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException)
        {
            // Not a JWT: an opaque token of the gateway's own.
            return null;
        }
    }

    private TokenValidationParameters Parameters(IssuerKeys keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKeys = keys.Keys,
        ValidAlgorithms = Algorithms,
        // exp and nbf are checked by the library against the system clock: its TimeProvider hook is not public in 8.23.
        ClockSkew = _options.ClockSkew,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
    };

    private ExternalIdentity? ToIdentity(JsonElement payload)
    {
        var username = ClaimPath.String(payload, _options.UsernameClaim);
        if (username is null || username.Length > MaxUsernameLength || username.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return null;
        }

        // sub, not the username, is the person: usernames may be renamed or reused at the issuer.
        var subject = ClaimPath.String(payload, "sub");
        if (subject is null || subject.Length > MaxUsernameLength * 2)
        {
            return null;
        }

        var admin = _adminUsernames.Contains(username)
            || (_options.AdminRole.Length > 0 && ClaimPath.Strings(payload, _options.EffectiveAdminRoleClaimPath).Contains(_options.AdminRole, StringComparer.Ordinal));
        var roles = CollabTeams.Parse(ClaimPath.Strings(payload, _options.TeamClaimPath));
        return new ExternalIdentity(subject, username, ClaimPath.String(payload, "email"), ClaimPath.String(payload, "name"), admin, roles);
    }

    private Grpc.Core.RpcException Refuse(string failure, string reason = ErrorReasons.Unauthenticated)
    {
        OidcLog.TokenRefused(_logger, Issuer, failure);
        return GatewayErrors.Unauthenticated($"The identity provider's token was refused: {failure}.", reason);
    }

    // Only a fixed phrase per kind goes to the caller and the log: the library's messages may quote token contents.
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenNoExpirationException => "it has no expiry time",
        SecurityTokenInvalidLifetimeException => "its lifetime is invalid",
        SecurityTokenInvalidAudienceException => "it was issued for another audience",
        SecurityTokenInvalidIssuerException => "it names another issuer",
        SecurityTokenInvalidAlgorithmException => "its signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "it is signed with a key the issuer does not publish",
        SecurityTokenInvalidSignatureException => "its signature is invalid",
        _ => "it is malformed or its signature is invalid",
    };
}
