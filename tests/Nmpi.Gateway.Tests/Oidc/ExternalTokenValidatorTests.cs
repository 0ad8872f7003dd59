using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grpc.Core;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>The validator against a real issuer on 127.0.0.1: what is read from a token, and which tokens are refused.</summary>
public sealed class ExternalTokenValidatorTests : IssuerTestBase
{
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

        var identity = await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None);

        Assert.NotNull(identity);
        Assert.Equal("alice", identity.Username);
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

        var identity = await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None);

        Assert.Equal("alice@example.org", identity!.Username);
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

        Assert.True((await validator.ValidateAsync(Issuer.Mint(admin), CancellationToken.None))!.IsAdmin);
        Assert.False((await validator.ValidateAsync(Issuer.Mint(user), CancellationToken.None))!.IsAdmin);
    }

    [Fact]
    public async Task AdminRoleAmongTheTeams_MakesAPlatformAdminByDefault()
    {
        using var validator = Validator(o => o.AdminRole = "nmpi-admin");
        var admin = Payload();
        admin["roles"] = new JsonObject { ["team"] = new JsonArray("collab-x-viewer", "nmpi-admin") };

        var identity = await validator.ValidateAsync(Issuer.Mint(admin), CancellationToken.None);

        Assert.True(identity!.IsAdmin);
        Assert.Equal(new Dictionary<string, CollabRole> { ["x"] = CollabRole.Viewer }, identity.Roles);
    }

    [Fact]
    public async Task ListedUsername_IsAPlatformAdmin_OthersAreNot()
    {
        using var validator = Validator(o => o.AdminUsernames = ["root"]);

        Assert.True((await validator.ValidateAsync(Issuer.Mint(Payload(username: "root")), CancellationToken.None))!.IsAdmin);
        Assert.False((await validator.ValidateAsync(Issuer.Mint(Payload(username: "Root")), CancellationToken.None))!.IsAdmin);
    }

    [Fact]
    public async Task Expired_IsRefusedAsExpired()
    {
        using var validator = Validator();
        var payload = Payload(issuedAgo: TimeSpan.FromHours(2), lifetime: TimeSpan.FromMinutes(5));

        var e = await Refused(validator, Issuer.Mint(payload), reason: "TOKEN_EXPIRED");

        Assert.Contains("expired", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredWithinClockSkew_IsAccepted()
    {
        using var validator = Validator();
        var payload = Payload(issuedAgo: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30), lifetime: TimeSpan.FromMinutes(5));

        var identity = await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None);

        // Accepted as the token's own user, not merely as some identity that is not null.
        Assert.NotNull(identity);
        Assert.Equal(payload["sub"]!.GetValue<string>(), identity.Subject);
        Assert.Equal("alice", identity.Username);
        Assert.Equal("alice@example.org", identity.Email);
    }

    [Fact]
    public async Task NotYetValid_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        payload["exp"] = DateTimeOffset.UtcNow.AddMinutes(20).ToUnixTimeSeconds();

        var e = await Refused(validator, Issuer.Mint(payload));

        Assert.Contains("not valid yet", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoExpiry_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload.Remove("exp");

        await Refused(validator, Issuer.Mint(payload));
    }

    [Fact]
    public async Task OtherIssuer_IsNotOurs_AndTheIssuerIsNotAsked()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["iss"] = "https://elsewhere.example.org/realms/test";

        Assert.Null(await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None));
        Assert.Equal(0, Issuer.DiscoveryRequests + Issuer.KeyRequests);
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
        Assert.Equal(0, Issuer.DiscoveryRequests + Issuer.KeyRequests);
    }

    [Fact]
    public async Task OtherAudience_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["aud"] = new JsonArray("account", "another-service");

        var e = await Refused(validator, Issuer.Mint(payload));

        Assert.Contains("audience", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudienceAmongSeveral_IsAccepted()
    {
        using var validator = Validator();
        var payload = Payload();
        payload["aud"] = new JsonArray("account", Audience);

        Assert.NotNull(await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None));
    }

    [Fact]
    public async Task SignedWithAnotherKeyUnderTheIssuersKeyId_IsRefused()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);

        var e = await Refused(validator, TokenMint.Rs256(forger, Issuer.Signing.Kid, Payload()));

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
        var publicKey = Issuer.Signing.Key.ExportSubjectPublicKeyInfo();
        var modulus = Issuer.Signing.Key.ExportParameters(false).Modulus!;

        await Refused(validator, TokenMint.Hs256(publicKey, Issuer.Signing.Kid, Payload()));
        await Refused(validator, TokenMint.Hs256(modulus, Issuer.Signing.Kid, Payload()));
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
            var identity = await validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None);
            Assert.Equal("roles", claim);
            Assert.Empty(identity!.Roles);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }
    }

    [Fact]
    public async Task KeycloakIdToken_IsRefused_AccessTokenOrUntypedPasses_WhereTheIssuerSetsNoTyp()
    {
        using var validator = Validator(o => o.RequireTyp = false);
        var idToken = Payload();
        idToken["typ"] = "ID";
        var untyped = Payload();
        untyped.Remove("typ");

        var e = await Refused(validator, Issuer.Mint(idToken));

        Assert.Contains("not an access token", e.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(await validator.ValidateAsync(Issuer.Mint(untyped), CancellationToken.None));
    }

    [Fact]
    public async Task IdTokenWithoutTyp_WhoseAudienceIsTheGateway_IsRefusedByDefault()
    {
        using var validator = Validator();

        // The attack: an ID token (no typ, as some issuers send them) issued to a client whose id equals Audience, used as an access token.
        var idToken = Payload();
        idToken.Remove("typ");
        idToken["nonce"] = "n-0123456789";
        var access = Payload();

        var e = await Refused(validator, Issuer.Mint(idToken));

        Assert.Contains("no typ claim", e.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(await validator.ValidateAsync(Issuer.Mint(access), CancellationToken.None));
    }

    [Fact]
    public async Task NoUsername_IsRefused()
    {
        using var validator = Validator();
        var payload = Payload();
        payload.Remove("preferred_username");

        var e = await Refused(validator, Issuer.Mint(payload));

        Assert.Contains("username", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedTokens_NeverAppearInTheLog()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);
        var refusals = new[]
        {
            (Token: Issuer.Mint(Payload(issuedAgo: TimeSpan.FromHours(2))), Reason: "TOKEN_EXPIRED"),
            (Token: TokenMint.Rs256(forger, Issuer.Signing.Kid, Payload()), Reason: "UNAUTHENTICATED"),
            (Token: TokenMint.Unsigned(Payload()), Reason: "UNAUTHENTICATED"),
        };

        foreach (var (token, reason) in refusals)
        {
            await Refused(validator, token, reason);
        }

        var tokens = refusals.Select(r => r.Token).ToList();

        Assert.NotEmpty(Log.Lines);
        Assert.All(tokens, token => Assert.DoesNotContain(Log.Lines, line => line.Contains(token.Split('.')[1], StringComparison.Ordinal)));
    }
}
