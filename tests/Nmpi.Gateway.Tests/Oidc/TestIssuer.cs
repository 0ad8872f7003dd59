using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>A real OpenID Connect issuer on Kestrel at 127.0.0.1 (port 0): discovery document and JWKS of RSA keys made in the test, with request counts.</summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    public const string Realm = "/realms/test";

    private readonly WebApplication _app;
    private readonly List<RSA> _made = [];
    private volatile IReadOnlyList<(string Kid, RSA Key)> _published;
    private int _discoveryRequests;
    private int _keyRequests;

    private TestIssuer(WebApplication app, (string Kid, RSA Key) first)
    {
        _app = app;
        _published = [first];
        _made.Add(first.Key);
        Signing = first;
        Authority = app.Urls.Single().TrimEnd('/') + Realm;
    }

    /// <summary>The issuer's base URL, which is also the <c>iss</c> of its tokens.</summary>
    public string Authority { get; }

    /// <summary>The key the issuer signs new tokens with.</summary>
    public (string Kid, RSA Key) Signing { get; private set; }

    /// <summary>When true, both documents answer 503.</summary>
    public bool Failing { get; set; }

    /// <summary>The issuer the discovery document announces; defaults to <see cref="Authority"/>.</summary>
    public string? AnnouncedIssuer { get; set; }

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int KeyRequests => Volatile.Read(ref _keyRequests);

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestIssuer? issuer = null;
        app.Run(context => issuer!.AnswerAsync(context));
        await app.StartAsync();
        issuer = new TestIssuer(app, ("key-1", RSA.Create(2048)));
        return issuer;
    }

    /// <summary>Publishes a new key and signs with it from now on; the old key stays published only when asked.</summary>
    public (string Kid, RSA Key) Rotate(bool keepOld)
    {
        var next = ($"key-{_published.Count + 1}-{Guid.NewGuid():N}", RSA.Create(2048));
        _made.Add(next.Item2);
        _published = keepOld ? [.. _published, next] : [next];
        Signing = next;
        return next;
    }

    /// <summary>A token signed with the issuer's current key.</summary>
    public string Mint(JsonObject payload) => TokenMint.Rs256(Signing.Key, Signing.Kid, payload);

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        foreach (var key in _made)
        {
            key.Dispose();
        }
    }

    private Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == Realm + "/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref _discoveryRequests);
            return Failing ? Unavailable(context) : Json(context, Discovery());
        }

        if (path == Realm + "/protocol/openid-connect/certs")
        {
            Interlocked.Increment(ref _keyRequests);
            return Failing ? Unavailable(context) : Json(context, KeySet());
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private JsonObject Discovery() => new()
    {
        ["issuer"] = AnnouncedIssuer ?? Authority,
        ["jwks_uri"] = Authority + "/protocol/openid-connect/certs",
        ["authorization_endpoint"] = Authority + "/protocol/openid-connect/auth",
        ["token_endpoint"] = Authority + "/protocol/openid-connect/token",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    private JsonObject KeySet()
    {
        var keys = new JsonArray();
        foreach (var (kid, key) in _published)
        {
            var parameters = key.ExportParameters(includePrivateParameters: false);
            keys.Add(new JsonObject
            {
                ["kid"] = kid,
                ["kty"] = "RSA",
                ["alg"] = "RS256",
                ["use"] = "sig",
                ["n"] = TokenMint.Base64Url(parameters.Modulus!),
                ["e"] = TokenMint.Base64Url(parameters.Exponent!),
            });
        }

        return new JsonObject { ["keys"] = keys };
    }

    private static Task Json(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Unavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }
}
