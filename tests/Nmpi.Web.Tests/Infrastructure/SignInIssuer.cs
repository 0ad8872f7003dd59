using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider on Kestrel at 127.0.0.1 (port 0) for browser sign-in: discovery, keys, an authorize
/// endpoint that signs in <see cref="User"/> at once, and a token endpoint that checks the client, the code (once only),
/// the redirect address and the PKCE verifier, as a provider must.
/// </summary>
public sealed class SignInIssuer : IAsyncDisposable
{
    public const string ClientId = "job-manager";
    public const string ClientSecret = "job manager's client secret";
    public const string Audience = "nmpi-gateway";
    private const string Realm = "/realms/web";
    private const string KeyId = "web-key-1";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _redeemed;
    private Func<string, string>? _rewrite;

    private SignInIssuer(WebApplication app)
    {
        _app = app;
        Authority = app.Urls.Single().TrimEnd('/') + Realm;
    }

    /// <summary>The issuer's base URL, also the <c>iss</c> of its tokens.</summary>
    public string Authority { get; }

    /// <summary>Who the authorize endpoint signs in, and the teams in their access token.</summary>
    public (string Username, string[] Teams) User { get; set; } = ("dora", ["collab-neuro-viewer"]);

    /// <summary>How long the next access tokens live.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The query of the last authorization request (what the gateway asked for).</summary>
    public IReadOnlyDictionary<string, string> LastAuthorization { get; private set; } = new Dictionary<string, string>();

    /// <summary>Changes the next callback address the authorize endpoint sends a browser to (once), as an attacker's link would.</summary>
    public Func<string, string>? RewriteNextCallback
    {
        get => Volatile.Read(ref _rewrite);
        set => Volatile.Write(ref _rewrite, value);
    }

    /// <summary>Codes redeemed for tokens.</summary>
    public int Redeemed => Volatile.Read(ref _redeemed);

    /// <summary>Why the token endpoint said no, in order.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>The settings that make a platform trust this provider and offer sign-in with it.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Nmpi:Auth:Oidc:Authority"] = Authority,
        ["Nmpi:Auth:Oidc:Audience"] = Audience,
        ["Nmpi:Auth:Oidc:RequireHttpsMetadata"] = "false",
        ["Nmpi:Auth:Oidc:ClientId"] = ClientId,
        ["Nmpi:Auth:Oidc:ClientSecret"] = ClientSecret,
        ["Nmpi:Auth:Oidc:DisplayName"] = "Test IAM",
        ["Nmpi:Auth:Oidc:TeamClaimPath"] = "groups",
        ["Nmpi:Auth:Oidc:ClockSkew"] = "00:00:00",
        ["Nmpi:Auth:Oidc:LinkedCollabs:0"] = "neuro",
    };

    public static async Task<SignInIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        SignInIssuer? issuer = null;
        app.Run(context => issuer!.AnswerAsync(context));
        await app.StartAsync();
        issuer = new SignInIssuer(app);
        return issuer;
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private Task AnswerAsync(HttpContext context) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("GET", Realm + "/.well-known/openid-configuration") => Json(context, 200, Discovery()),
        ("GET", Realm + "/certs") => Json(context, 200, KeySet()),
        ("GET", Realm + "/auth") => AuthorizeAsync(context),
        ("POST", Realm + "/token") => TokenAsync(context),
        _ => Json(context, 404, new JsonObject { ["error"] = "not_found" }),
    };

    private JsonObject Discovery() => new()
    {
        ["issuer"] = Authority,
        ["jwks_uri"] = Authority + "/certs",
        ["authorization_endpoint"] = Authority + "/auth",
        ["token_endpoint"] = Authority + "/token",
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
    };

    private JsonObject KeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kid"] = KeyId,
                ["kty"] = "RSA",
                ["alg"] = "RS256",
                ["use"] = "sig",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
            }),
        };
    }

    // Signs the configured user in at once (no form): a code for exactly this client, redirect address, challenge and nonce.
    private Task AuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        LastAuthorization = query;
        if (query.GetValueOrDefault("client_id") != ClientId || query.GetValueOrDefault("response_type") != "code"
            || query.GetValueOrDefault("code_challenge_method") != "S256" || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge"))
            || string.IsNullOrEmpty(query.GetValueOrDefault("nonce")) || string.IsNullOrEmpty(query.GetValueOrDefault("state"))
            || !(query.GetValueOrDefault("scope") ?? "").Split(' ').Contains("openid"))
        {
            return Json(context, 400, new JsonObject { ["error"] = "invalid_request" });
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(query["redirect_uri"], query["code_challenge"], query["nonce"], User.Username, User.Teams);
        var callback = $"{query["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"])}";
        context.Response.Redirect(Interlocked.Exchange(ref _rewrite, null) is { } rewrite ? rewrite(callback) : callback);
        return Task.CompletedTask;
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var refusal = Check(context, form, out var grant);
        if (refusal is not null)
        {
            _refusals.Enqueue(refusal);
            await Json(context, refusal == "invalid_client" ? 401 : 400, new JsonObject { ["error"] = refusal, ["error_description"] = "<script>not shown</script>" });
            return;
        }

        Interlocked.Increment(ref _redeemed);
        var now = DateTime.UtcNow;
        var access = Mint(new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["aud"] = Audience,
            ["typ"] = "Bearer",
            ["sub"] = SubjectOf(grant!.Username),
            ["preferred_username"] = grant.Username,
            ["groups"] = grant.Teams,
            ["iat"] = EpochTime.GetIntDate(now),
            ["exp"] = EpochTime.GetIntDate(now + AccessTokenLifetime),
        });
        var id = Mint(new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["aud"] = ClientId,
            ["typ"] = "ID",
            ["sub"] = grant.Username,
            ["nonce"] = grant.Nonce,
            ["iat"] = EpochTime.GetIntDate(now),
            ["exp"] = EpochTime.GetIntDate(now + TimeSpan.FromMinutes(5)),
        });
        await Json(context, 200, new JsonObject
        {
            ["access_token"] = access,
            ["id_token"] = id,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
        });
    }

    private string? Check(HttpContext context, IFormCollection form, out Grant? grant)
    {
        grant = null;
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(ClientSecret)));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return "invalid_client";
        }

        // A code is good once: removed whether or not the rest checks out.
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out grant))
        {
            return "invalid_grant";
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return "invalid_grant";
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        return challenge == grant.Challenge ? null : "invalid_grant";
    }

    /// <summary>The subject of a username at this provider (a real one would be a UUID; stable is all that matters).</summary>
    public static string SubjectOf(string username) => "subject-of-" + username;

    /// <summary>An access token of this provider, as its token endpoint would give one, for calls made without a browser.</summary>
    public string AccessToken(string username, string[] teams, string? subject = null, string? type = "Bearer", string audience = Audience)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["aud"] = audience,
            ["sub"] = subject ?? SubjectOf(username),
            ["preferred_username"] = username,
            ["groups"] = teams,
            ["iat"] = EpochTime.GetIntDate(now),
            ["exp"] = EpochTime.GetIntDate(now + AccessTokenLifetime),
        };
        if (type is not null)
        {
            claims["typ"] = type;
        }

        return Mint(claims);
    }

    private string Mint(Dictionary<string, object> claims) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Claims = claims,
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record Grant(string RedirectUri, string Challenge, string Nonce, string Username, string[] Teams);
}
