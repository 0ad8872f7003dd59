using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>The account and session life cycle (security review L-5): disabling, revoking, signing keys, the session's end.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccountAdministrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task DisabledUser_TheirExistingTokensAreRefused_AndTheyCannotSignIn_UntilEnabledAgain()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var session = (await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword })).Token;
        var admin = host.Accounts(PlatformHost.AdminToken);

        var disabled = await admin.SetUserDisabledAsync(new SetUserDisabledRequest { UserId = "dora", Disabled = true });
        var bySession = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(session).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var login = await Assert.ThrowsAsync<RpcException>(() =>
            host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword }).ResponseAsync);
        await admin.SetUserDisabledAsync(new SetUserDisabledRequest { UserId = "dora", Disabled = false });
        var again = await host.Accounts(session).WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal("dora", disabled.UserId);
        Assert.Equal(StatusCode.Unauthenticated, bySession.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, login.StatusCode);
        Assert.Equal("dora", again.User.UserId);
    }

    [Fact]
    public async Task AdministrationCalls_ByANonAdmin_ArePermissionDenied_AndChangeNothing()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var alice = host.Accounts(PlatformHost.AliceToken);

        var calls = new Func<Task>[]
        {
            () => alice.SetUserDisabledAsync(new SetUserDisabledRequest { UserId = "bob", Disabled = true }).ResponseAsync,
            () => alice.RevokeUserTokensAsync(new RevokeUserTokensRequest { UserId = "bob" }).ResponseAsync,
            () => alice.RotateSigningKeyAsync(new RotateSigningKeyRequest()).ResponseAsync,
            () => alice.RetireSigningKeyAsync(new RetireSigningKeyRequest { KeyId = "any" }).ResponseAsync,
        };
        var codes = new List<StatusCode>();
        foreach (var call in calls)
        {
            codes.Add((await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }

        Assert.All(codes, code => Assert.Equal(StatusCode.PermissionDenied, code));
        Assert.Equal("bob", (await host.Accounts(PlatformHost.BobToken).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task RevokeUserTokens_EndsTheUsersSessionsAndPersonalTokens_NotOthers()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var session = (await host.Accounts(PlatformHost.AliceToken).RenewTokenAsync(new RenewTokenRequest())).Token;

        var revoked = await host.Accounts(PlatformHost.AdminToken).RevokeUserTokensAsync(new RevokeUserTokensRequest { UserId = "alice" });
        var byToken = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.AliceToken).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var bySession = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(session).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.Equal(2, revoked.TokensRevoked);
        Assert.Equal(StatusCode.Unauthenticated, byToken.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, bySession.StatusCode);
        Assert.Equal("bob", (await host.Accounts(PlatformHost.BobToken).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task RotateSigningKey_NewTokensUseTheNewKey_OldOnesWorkUntilTheirKeyIsRetired()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var admin = host.Accounts(PlatformHost.AdminToken);
        var before = (await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword })).Token;

        var rotated = await admin.RotateSigningKeyAsync(new RotateSigningKeyRequest());
        var after = (await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword })).Token;
        var oldStillWorks = await host.Accounts(before).WhoAmIAsync(new WhoAmIRequest());
        var current = await Assert.ThrowsAsync<RpcException>(() => admin.RetireSigningKeyAsync(new RetireSigningKeyRequest { KeyId = rotated.KeyId }).ResponseAsync);
        await admin.RetireSigningKeyAsync(new RetireSigningKeyRequest { KeyId = KeyIdOf(before) });
        var oldRefused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(before).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var newWorks = await host.Accounts(after).WhoAmIAsync(new WhoAmIRequest());

        Assert.NotEqual(KeyIdOf(before), rotated.KeyId);
        Assert.Equal(rotated.KeyId, KeyIdOf(after));
        Assert.Equal("dora", oldStillWorks.User.UserId);
        Assert.Equal(StatusCode.FailedPrecondition, current.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, oldRefused.StatusCode);
        Assert.Equal("dora", newWorks.User.UserId);
    }

    [Fact]
    public async Task RenewToken_CannotCarryASessionBeyondItsMaximumSinceSignIn()
    {
        var settings = TenantPlatform.Dora();
        settings["Nmpi:Accounts:MaxSessionLifetime"] = "01:00:00";
        await using var host = await TenantPlatform.StartAsync(postgres, settings);
        var login = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });

        // Each renewal would give 12 hours from now; the chain stays within an hour of the sign-in.
        var token = login.Token;
        var expiries = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            var renewed = await host.Accounts(token).RenewTokenAsync(new RenewTokenRequest());
            expiries.Add(renewed.ExpiresAt.ToDateTimeOffset());
            token = renewed.Token;
        }

        Assert.True(login.ExpiresAt.ToDateTimeOffset() <= DateTimeOffset.UtcNow.AddHours(1), login.ExpiresAt.ToString());
        Assert.All(expiries, e => Assert.Equal(login.ExpiresAt.ToDateTimeOffset(), e));
    }

    private static string KeyIdOf(string token)
    {
        var header = token.Split('.')[0];
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.PadRight(header.Length + ((4 - (header.Length % 4)) % 4), '=').Replace('-', '+').Replace('_', '/')));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("kid").GetString()!;
    }
}
