using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Nmpi.JobManager;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>
/// The gateway's side of browser sign-in at the OpenID Connect provider: the authorization address (code flow, PKCE S256,
/// state, nonce), the code's redemption at the token endpoint of the discovery document, and the checks of what comes back:
/// the ID token (signature, audience = client id, nonce) and the access token (exactly as every call will check it).
/// </summary>
public sealed partial class OidcSignIn : IExternalSignIn, IDisposable
{
    private readonly OidcOptions _options;
    private readonly ExternalTokenValidator _validator;
    private readonly ExternalDirectory _directory;
    private readonly ILogger<OidcSignIn> _logger;
    private readonly HttpClient _http;
    private readonly string _redirectUri;

    public OidcSignIn(IOptions<OidcOptions> options, IOptions<GatewayOptions> gateway, ExternalTokenValidator validator, ExternalDirectory directory, ILogger<OidcSignIn> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _options = options.Value;
        _validator = validator;
        _directory = directory;
        _logger = logger;
        _http = new HttpClient { Timeout = _options.MetadataTimeout };

        // The public address, never the request's Host header: the provider only accepts registered redirect addresses anyway.
        _redirectUri = gateway.Value.CapabilityBaseAddress.TrimEnd('/') + IExternalSignIn.CallbackPath;
    }

    public string ProviderName => _options.DisplayName.Length > 0
        ? _options.DisplayName
        : Uri.TryCreate(_options.Authority, UriKind.Absolute, out var authority) ? authority.Host : "the identity provider";

    public TimeSpan Timeout => _options.SignInTimeout;

    public async Task<Uri> AuthorizationUrlAsync(string state, string nonce, string codeChallenge, CancellationToken cancellationToken)
    {
        var (authorization, _) = await EndpointsAsync(cancellationToken);
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = _redirectUri,
            ["scope"] = _options.Scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        var separator = authorization.Query.Length > 0 ? "&" : "?";
        return new Uri(authorization + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    public async Task<ExternalSession> RedeemAsync(string code, string codeVerifier, string nonce, CancellationToken cancellationToken)
    {
        var (_, tokenEndpoint) = await EndpointsAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = _redirectUri,
                ["code_verifier"] = codeVerifier,
                ["client_id"] = _options.ClientId,
            }),
        };
        if (_options.ClientSecret.Length > 0)
        {
            // RFC 6749 §2.3.1: both parts form-encoded before they are joined.
            var pair = Uri.EscapeDataString(_options.ClientId) + ":" + Uri.EscapeDataString(_options.ClientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        using var answer = await SendAsync(request, cancellationToken);
        using var body = await ReadJsonAsync(answer, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw Refusal(body.RootElement);
        }

        var accessToken = Text(body.RootElement, "access_token") ?? throw Unavailable("its answer had no access token");
        var idToken = Text(body.RootElement, "id_token") ?? throw Refused("The identity provider sent no ID token, so the sign-in cannot be checked; sign in again.");
        await CheckIdTokenAsync(idToken, nonce, cancellationToken);
        return await SessionAsync(accessToken, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<(Uri Authorization, Uri Token)> EndpointsAsync(CancellationToken cancellationToken)
    {
        (string Authorization, string Token) endpoints;
        try
        {
            endpoints = await _validator.EndpointsAsync(cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            throw Unavailable("its discovery document could not be fetched");
        }

        return (Endpoint(endpoints.Authorization, "authorization_endpoint"), Endpoint(endpoints.Token, "token_endpoint"));
    }

    private Uri Endpoint(string address, string name)
    {
        var https = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        var plainAllowed = uri is not null && uri.Scheme == Uri.UriSchemeHttp && !_options.RequireHttpsMetadata && uri.IsLoopback;
        return https || plainAllowed ? uri! : throw Unavailable($"its discovery document names no usable {name}");
    }

    private async Task CheckIdTokenAsync(string idToken, string nonce, CancellationToken cancellationToken)
    {
        if (await _validator.ValidateIdTokenAsync(idToken, _options.ClientId, cancellationToken) is not { } payload)
        {
            throw Refused("The identity provider's ID token did not check out; sign in again.");
        }

        var said = ClaimPath.String(payload, "nonce") ?? "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(said), Encoding.UTF8.GetBytes(nonce)))
        {
            Log.NonceMismatch(_logger, _validator.Issuer);
            throw Refused("The identity provider's answer does not belong to this sign-in (nonce mismatch); sign in again.");
        }
    }

    private async Task<ExternalSession> SessionAsync(string accessToken, CancellationToken cancellationToken)
    {
        ExternalIdentity? identity;
        try
        {
            identity = await _validator.ValidateAsync(accessToken, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            throw Refused(e.Status.Detail + " Sign in again.");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            throw Unavailable("its keys could not be fetched");
        }

        if (identity is null)
        {
            throw Refused("The identity provider's access token is not one of its own signed tokens; sign in again.");
        }

        return new ExternalSession(accessToken, await _directory.UserIdAsync(identity), new DateTimeOffset(new JsonWebToken(accessToken).ValidTo, TimeSpan.Zero));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.TokenEndpointFailed(_logger, _validator.Issuer, e);
            throw Unavailable("its token endpoint did not answer");
        }
    }

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(await answer.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
        }
        catch (JsonException e)
        {
            Log.TokenEndpointFailed(_logger, _validator.Issuer, e);
            throw Unavailable($"its token endpoint answered {(int)answer.StatusCode} without JSON");
        }
    }

    private ExternalSignInException Refusal(JsonElement body)
    {
        // Only a well-formed error code is repeated: the provider's free text is not ours to show.
        var error = Text(body, "error") is { } code && ErrorCode().IsMatch(code) ? code : "unknown_error";
        Log.CodeRefused(_logger, _validator.Issuer, error);
        return error == "invalid_grant"
            ? Refused("The identity provider refused the sign-in code: it has expired or was used already. Sign in again.")
            : Refused($"The identity provider refused the sign-in ({error}).");
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    private static ExternalSignInException Refused(string message) => new(message, providerUnavailable: false);

    private ExternalSignInException Unavailable(string what) =>
        new($"{ProviderName} cannot be used to sign in right now: {what}. Try again shortly.", providerUnavailable: true);

    [GeneratedRegex("^[a-z_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCode();

    private static partial class Log
    {
        [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "The token endpoint of issuer {Issuer} failed")]
        public static partial void TokenEndpointFailed(ILogger logger, string issuer, Exception exception);

        [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Issuer {Issuer} refused a sign-in code: {Error}")]
        public static partial void CodeRefused(ILogger logger, string issuer, string error);

        [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "An ID token of issuer {Issuer} carried another sign-in's nonce")]
        public static partial void NonceMismatch(ILogger logger, string issuer);
    }
}
