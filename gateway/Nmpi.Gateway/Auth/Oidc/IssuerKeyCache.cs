using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Nmpi.Gateway.Errors;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Fetches the issuer's discovery document and keys once, and again only when they grow old or a token names an unknown key.</summary>
/// <remarks>Fetches are serialised and spaced by KeyRefreshMinInterval, so no stream of tokens can make the gateway call the issuer per request.</remarks>
internal sealed class IssuerKeyCache : IDisposable
{
    // With no keys at all every token is refused, so the issuer is tried again sooner than the refresh spacing.
    private static readonly TimeSpan RetryWithoutKeys = TimeSpan.FromSeconds(5);

    private readonly OidcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly HttpDocumentRetriever _retriever;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IssuerKeys? _current;
    private DateTimeOffset? _lastAttempt;

    public IssuerKeyCache(OidcOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.MetadataTimeout };
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = options.RequireHttpsMetadata, SendAdditionalHeaderData = false };
    }

    private string DiscoveryAddress => _options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";

    /// <summary>The cached keys, fetching them first if there are none or they are old; throws UNAVAILABLE when there are none to give.</summary>
    public async Task<IssuerKeys> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _time.GetUtcNow() - current.FetchedAt < _options.MetadataRefreshInterval)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            var now = _time.GetUtcNow();
            if (current is not null && now - current.FetchedAt < _options.MetadataRefreshInterval)
            {
                return current;
            }

            var spacing = current is null ? RetryWithoutKeys : _options.KeyRefreshMinInterval;
            if (_lastAttempt is { } last && now - last < spacing)
            {
                return current ?? throw GatewayErrors.IdentityProviderUnavailable();
            }

            // Old keys keep serving when the refresh fails: tokens signed with them are still short-lived.
            return await FetchAsync(current is null ? "first use" : "periodic refresh") ?? current ?? throw GatewayErrors.IdentityProviderUnavailable();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fetches the keys again because a token names a key id not in <paramref name="seen"/>, unless they were fetched too recently.</summary>
    public async Task<IssuerKeys> RefreshForUnknownKeyAsync(IssuerKeys seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } newer && !ReferenceEquals(newer, seen))
            {
                return newer;
            }

            if (_lastAttempt is { } last && _time.GetUtcNow() - last < _options.KeyRefreshMinInterval)
            {
                return seen;
            }

            return await FetchAsync("unknown key id") ?? seen;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    // Not cancelled by the caller: one impatient caller must not spoil a fetch that others wait for; the HTTP timeout bounds it.
    private async Task<IssuerKeys?> FetchAsync(string reason)
    {
        _lastAttempt = _time.GetUtcNow();
        var issuer = _options.EffectiveIssuer;
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(DiscoveryAddress, _retriever, CancellationToken.None);
            if (!string.Equals(configuration.Issuer, issuer, StringComparison.Ordinal))
            {
                OidcLog.IssuerMismatch(_logger, _options.Authority, configuration.Issuer ?? "", issuer);
                return null;
            }

            if (configuration.SigningKeys.Count == 0)
            {
                OidcLog.KeysUnavailable(_logger, issuer, reason, new InvalidOperationException("The issuer publishes no usable signing keys."));
                return null;
            }

            var keys = new IssuerKeys([.. configuration.SigningKeys], _time.GetUtcNow())
            {
                AuthorizationEndpoint = configuration.AuthorizationEndpoint ?? "",
                TokenEndpoint = configuration.TokenEndpoint ?? "",
            };
            _current = keys;
            OidcLog.KeysFetched(_logger, issuer, keys.Keys.Count, reason);
            return keys;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or ArgumentException
            or System.Text.Json.JsonException or TaskCanceledException)
        {
            OidcLog.KeysUnavailable(_logger, issuer, reason, e);
            return null;
        }
    }
}
