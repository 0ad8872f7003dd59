using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>The validator against a real issuer on 127.0.0.1: signatures, lifetimes, audiences, key rotation and how often the issuer is asked.</summary>
public sealed class ExternalTokenValidatorTests : IAsyncLifetime
{
    private const string Audience = "nmpi";

    private TestIssuer _issuer = null!;

    private FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    private RecordingLogger<ExternalTokenValidator> Log { get; } = new();

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task ValidToken_GivesTheUserAndTheRolesOfWellFormedTeams()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["roles"] = new JsonObject
        {
            ["team"] = new JsonArray(
                "collab-neuro-lab-editor", "collab-shared-viewer", "collab-shared-administrator", "collab-x-owner",
                "collab--editor", "neuro-lab-editor", "collab-a b-viewer", 42, "collab-my.proj_1-viewer"),
            ["group"] = new JsonArray("collab-ignored-administrator"),
        };

        var identity = await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None);

        Assert.NotNull(identity);
        Assert.Equal("alice", identity.UserId);
        Assert.Equal("alice@example.org", identity.Email);
        Assert.Equal("Alice Example", identity.DisplayName);
        Assert.False(identity.IsAdmin);
        Assert.Equal(
            new Dictionary<string, CollabRole> { ["neuro-lab"] = CollabRole.Editor, ["shared"] = CollabRole.Administrator, ["my.proj_1"] = CollabRole.Viewer },
            identity.Roles);
    }

    [Fact]
    public async Task FlatTeamClaimAndOtherUsernameClaim_AreReadWhereConfigured()
    {
        using var validator = Validator(o => (o.TeamClaimPath, o.UsernameClaim) = ("groups", "email"));
        var payload = Payload();
        payload["groups"] = new JsonArray("collab-flat-editor", "collab-x-owner");
        payload["roles"] = new JsonObject { ["team"] = new JsonArray("collab-nested-administrator") };

        var identity = await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None);

        Assert.Equal("alice@example.org", identity!.UserId);
        Assert.Equal(new Dictionary<string, CollabRole> { ["flat"] = CollabRole.Editor }, identity.Roles);
    }

    [Fact]
    public async Task AdminRoleInTheConfiguredClaim_MakesAPlatformAdmin()
    {
        using var validator = Validator(o => (o.AdminRole, o.AdminRoleClaimPath) = ("nmpi-admin", "realm_access.roles"));
        var admin = Payload(username: "carol");
        admin["realm_access"] = new JsonObject { ["roles"] = new JsonArray("offline_access", "nmpi-admin") };
        var user = Payload();
        user["realm_access"] = new JsonObject { ["roles"] = new JsonArray("offline_access") };
        user["roles"] = new JsonObject { ["team"] = new JsonArray("nmpi-admin") };

        Assert.True((await validator.ValidateAsync(_issuer.Mint(admin), CancellationToken.None))!.IsAdmin);
        Assert.False((await validator.ValidateAsync(_issuer.Mint(user), CancellationToken.None))!.IsAdmin);
    }

    [Fact]
    public async Task AdminRoleAmongTheTeams_MakesAPlatformAdminByDefault()
    {
        using var validator = Validator(o => o.AdminRole = "nmpi-admin");
        var admin = Payload();
        admin["roles"] = new JsonObject { ["team"] = new JsonArray("collab-x-viewer", "nmpi-admin") };

        var identity = await validator.ValidateAsync(_issuer.Mint(admin), CancellationToken.None);

        Assert.True(identity!.IsAdmin);
        Assert.Equal(new Dictionary<string, CollabRole> { ["x"] = CollabRole.Viewer }, identity.Roles);
    }

    [Fact]
    public async Task ListedUsername_IsAPlatformAdmin_OthersAreNot()
    {
        using var validator = Validator(o => o.AdminUsernames = ["root"]);

        Assert.True((await validator.ValidateAsync(_issuer.Mint(Payload(username: "root")), CancellationToken.None))!.IsAdmin);
        Assert.False((await validator.ValidateAsync(_issuer.Mint(Payload(username: "Root")), CancellationToken.None))!.IsAdmin);
    }

    [Fact]
    public async Task Expired_IsRefusedAsExpired()
    {
        using var validator = Validator();
        var payload = Payload(issuedAgo: TimeSpan.FromHours(2), lifetime: TimeSpan.FromMinutes(5));

        var e = await Refused(validator, _issuer.Mint(payload));

        Assert.Contains("expired", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredWithinClockSkew_IsAccepted()
    {
        using var validator = Validator();
        var payload = Payload(issuedAgo: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30), lifetime: TimeSpan.FromMinutes(5));

        Assert.NotNull(await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None));
    }

    [Fact]
    public async Task NotYetValid_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        payload["exp"] = DateTimeOffset.UtcNow.AddMinutes(20).ToUnixTimeSeconds();

        var e = await Refused(validator, _issuer.Mint(payload));

        Assert.Contains("not valid yet", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoExpiry_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload.Remove("exp");

        await Refused(validator, _issuer.Mint(payload));
    }

    [Fact]
    public async Task OtherIssuer_IsNotOurs_AndTheIssuerIsNotAsked()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["iss"] = "https://elsewhere.example.org/realms/test";

        Assert.Null(await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None));
        Assert.Equal(0, _issuer.DiscoveryRequests + _issuer.KeyRequests);
    }

    [Theory]
    [InlineData("alice-token-0123456789")]
    [InlineData("not.a.jwt")]
    [InlineData("")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("bm90IGpzb24.eyJpc3MiOiJ4In0.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjV9.c2ln")]
    [InlineData("a.b.c.d.e")]
    [InlineData("..")]
    public async Task NotAJwt_IsNotOurs(string bearer)
    {
        using var validator = Validator();

        Assert.Null(await validator.ValidateAsync(bearer, CancellationToken.None));
        Assert.Equal(0, _issuer.DiscoveryRequests + _issuer.KeyRequests);
    }

    [Fact]
    public async Task OtherAudience_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["aud"] = new JsonArray("account", "another-service");

        var e = await Refused(validator, _issuer.Mint(payload));

        Assert.Contains("audience", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudienceAmongSeveral_IsAccepted()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["aud"] = new JsonArray("account", Audience);

        Assert.NotNull(await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None));
    }

    [Fact]
    public async Task SignedWithAnotherKeyUnderTheIssuersKeyId_IsRefused()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);

        var e = await Refused(validator, TokenMint.Rs256(forger, _issuer.Signing.Kid, Payload()));

        Assert.Contains("signature", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_AlgNone_IsRefused()
    {
        using var validator = Validator();

        await Refused(validator, TokenMint.Unsigned(Payload()));
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKey_IsRefused()
    {
        using var validator = Validator();
        var publicKey = _issuer.Signing.Key.ExportSubjectPublicKeyInfo();
        var modulus = _issuer.Signing.Key.ExportParameters(false).Modulus!;

        await Refused(validator, TokenMint.Hs256(publicKey, _issuer.Signing.Kid, Payload()));
        await Refused(validator, TokenMint.Hs256(modulus, _issuer.Signing.Kid, Payload()));
    }

    [Theory]
    [InlineData("exp", "tomorrow")]
    [InlineData("nbf", "yesterday")]
    [InlineData("aud", "{}")]
    [InlineData("preferred_username", "[\"alice\"]")]
    [InlineData("preferred_username", "\"alice smith\"")]
    [InlineData("roles", "\"collab-x-editor\"")]
    public async Task OddlyShapedClaims_AreRefusedOrIgnored_NeverAnError(string claim, string json)
    {
        using var validator = Validator();
        var payload = Payload();
        payload[claim] = claim is "exp" or "nbf" ? JsonValue.Create(json) : JsonNode.Parse(json);

        try
        {
            var identity = await validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None);
            Assert.Equal("roles", claim);
            Assert.Empty(identity!.Roles);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }
    }

    [Fact]
    public async Task NoUsername_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload.Remove("preferred_username");

        var e = await Refused(validator, _issuer.Mint(payload));

        Assert.Contains("username", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyValidations_FetchTheKeysOnce()
    {
        using var validator = Validator();
        var tokens = Enumerable.Range(0, 20).Select(i => _issuer.Mint(Payload(username: $"user{i}"))).ToList();

        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => validator.ValidateAsync(tokens[i % tokens.Count], CancellationToken.None)));
        Time.Advance(TimeSpan.FromHours(1));
        foreach (var token in tokens)
        {
            await validator.ValidateAsync(token, CancellationToken.None);
        }

        Assert.All(all, Assert.NotNull);
        Assert.Equal((1, 1), (_issuer.DiscoveryRequests, _issuer.KeyRequests));
    }

    [Fact]
    public async Task KeysOlderThanTheRefreshInterval_AreFetchedAgainOnce()
    {
        using var validator = Validator();
        var token = _issuer.Mint(Payload());
        await validator.ValidateAsync(token, CancellationToken.None);

        Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => validator.ValidateAsync(token, CancellationToken.None)));

        Assert.Equal((2, 2), (_issuer.DiscoveryRequests, _issuer.KeyRequests));
    }

    [Fact]
    public async Task RotatedKey_TheKeysAreFetchedAgainOnce_AndTheNewTokensPass()
    {
        using var validator = Validator();
        var old = _issuer.Mint(Payload());
        Assert.NotNull(await validator.ValidateAsync(old, CancellationToken.None));

        _issuer.Rotate(keepOld: true);
        Time.Advance(TimeSpan.FromSeconds(31));
        var fresh = _issuer.Mint(Payload(username: "bob"));
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => validator.ValidateAsync(fresh, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal("bob", r!.UserId));
        Assert.NotNull(await validator.ValidateAsync(old, CancellationToken.None));
        Assert.Equal((2, 2), (_issuer.DiscoveryRequests, _issuer.KeyRequests));
    }

    [Fact]
    public async Task RotatedKeyRightAfterAFetch_IsAcceptedOnceTheRefreshSpacingHasPassed()
    {
        using var validator = Validator();
        Assert.NotNull(await validator.ValidateAsync(_issuer.Mint(Payload()), CancellationToken.None));

        _issuer.Rotate(keepOld: false);
        var fresh = _issuer.Mint(Payload());
        var early = await Refused(validator, fresh);
        Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains("key", early.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(await validator.ValidateAsync(fresh, CancellationToken.None));
        Assert.Equal(2, _issuer.KeyRequests);
    }

    [Fact]
    public async Task TokensNamingUnknownKeyIds_CauseAtMostOneFetchPerRefreshInterval()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);
        await validator.ValidateAsync(_issuer.Mint(Payload()), CancellationToken.None);

        for (var round = 0; round < 3; round++)
        {
            Time.Advance(TimeSpan.FromSeconds(30));
            for (var i = 0; i < 20; i++)
            {
                await Refused(validator, TokenMint.Rs256(forger, $"unknown-{round}-{i}", Payload()));
            }
        }

        Assert.Equal((4, 4), (_issuer.DiscoveryRequests, _issuer.KeyRequests));
    }

    [Fact]
    public async Task IssuerUnreachableAtFirstUse_IsUnavailable_NotACrash()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var authority = $"http://127.0.0.1:{port}{TestIssuer.Realm}";
        using var validator = Validator(o => o.Authority = authority);
        var payload = Payload();
        payload["iss"] = authority;

        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(_issuer.Mint(payload), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("IDENTITY_PROVIDER_UNAVAILABLE", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task IssuerFailing_IsUnavailableWithoutRetryingPerRequest_ThenRecovers()
    {
        using var validator = Validator();
        var token = _issuer.Mint(Payload());
        _issuer.Failing = true;

        var first = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
        var asked = _issuer.DiscoveryRequests;
        for (var i = 0; i < 10; i++)
        {
            var again = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
            Assert.Equal(StatusCode.Unavailable, again.StatusCode);
        }

        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.Equal(asked, _issuer.DiscoveryRequests);

        _issuer.Failing = false;
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(await validator.ValidateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task DiscoveryNamingAnotherIssuer_IsUnavailable()
    {
        using var validator = Validator();
        _issuer.AnnouncedIssuer = "https://impostor.example.org/realms/test";

        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(_issuer.Mint(Payload()), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task RefusedTokens_NeverAppearInTheLog()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);
        var tokens = new[]
        {
            _issuer.Mint(Payload(issuedAgo: TimeSpan.FromHours(2))),
            TokenMint.Rs256(forger, _issuer.Signing.Kid, Payload()),
            TokenMint.Unsigned(Payload()),
        };

        foreach (var token in tokens)
        {
            await Refused(validator, token);
        }

        Assert.NotEmpty(Log.Lines);
        Assert.All(tokens, token => Assert.DoesNotContain(Log.Lines, line => line.Contains(token.Split('.')[1], StringComparison.Ordinal)));
    }

    private ExternalTokenValidator Validator(Action<OidcOptions>? configure = null)
    {
        var options = new OidcOptions { Authority = _issuer.Authority, Audience = Audience, RequireHttpsMetadata = false };
        configure?.Invoke(options);
        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
        return new ExternalTokenValidator(Options.Create(options), Time, Log);
    }

    private JsonObject Payload(string username = "alice", TimeSpan? issuedAgo = null, TimeSpan? lifetime = null)
    {
        var issued = DateTimeOffset.UtcNow - (issuedAgo ?? TimeSpan.Zero);
        return new JsonObject
        {
            ["iss"] = _issuer.Authority,
            ["aud"] = Audience,
            ["sub"] = Guid.NewGuid().ToString(),
            ["typ"] = "Bearer",
            ["preferred_username"] = username,
            ["email"] = $"{username}@example.org",
            ["name"] = $"{char.ToUpperInvariant(username[0])}{username[1..]} Example",
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["exp"] = (issued + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        };
    }

    private static async Task<RpcException> Refused(ExternalTokenValidator validator, string token)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        return e;
    }
}
