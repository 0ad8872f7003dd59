using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>Signing out and changing a password revoke session tokens on the server, over real gRPC and a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LogoutTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Logout_RefusesTheTokenAfterwards_AndAnotherSessionOfTheUserStillWorks()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var laptop = await LoginAsync(host);
        var notebook = await LoginAsync(host);
        Assert.Equal("dora", (await host.Accounts(laptop).WhoAmIAsync(new WhoAmIRequest())).User.UserId);

        var answer = await host.Accounts(laptop).LogoutAsync(new LogoutRequest());
        var afterwards = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(laptop).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var jobsAfterwards = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(laptop).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
        var again = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(laptop).LogoutAsync(new LogoutRequest()).ResponseAsync);
        var renew = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(laptop).RenewTokenAsync(new RenewTokenRequest()).ResponseAsync);

        Assert.Equal(1, answer.TokensRevoked);
        Assert.Equal(StatusCode.Unauthenticated, afterwards.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, jobsAfterwards.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, renew.StatusCode);
        Assert.Equal("dora", (await host.Accounts(notebook).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task Logout_AllSessions_RevokesEverySessionOfTheCaller_ButNotOtherUsersOrLaterSessions()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var laptop = await LoginAsync(host);
        var notebook = await LoginAsync(host);
        var renewed = (await host.Accounts(notebook).RenewTokenAsync(new RenewTokenRequest())).Token;
        var aliceBefore = await host.Accounts(PlatformHost.AliceToken).WhoAmIAsync(new WhoAmIRequest());

        var answer = await host.Accounts(laptop).LogoutAsync(new LogoutRequest { AllSessions = true });

        Assert.Equal(3, answer.TokensRevoked);
        foreach (var token in new[] { laptop, notebook, renewed })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(token).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        Assert.Equal(aliceBefore.User.UserId, (await host.Accounts(PlatformHost.AliceToken).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
        var later = await LoginAsync(host);
        Assert.Equal("dora", (await host.Accounts(later).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task Logout_WithAPersonalAccessToken_RevokesIt_AndAllSessionsLeavesOtherAccessTokens()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var bobSession = (await host.Accounts(PlatformHost.BobToken).RenewTokenAsync(new RenewTokenRequest())).Token;

        var answer = await host.Accounts(PlatformHost.BobToken).LogoutAsync(new LogoutRequest { AllSessions = true });
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.BobToken).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var sessionRefused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(bobSession).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.Equal(2, answer.TokensRevoked);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, sessionRefused.StatusCode);
        Assert.Equal("alice", (await host.Accounts(PlatformHost.AliceToken).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task SetPassword_EndsTheOtherSessions_AndKeepsTheCurrentOne()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var laptop = await LoginAsync(host);
        var notebook = await LoginAsync(host);

        var own = await host.Accounts(laptop).SetPasswordAsync(new SetPasswordRequest { CurrentPassword = TenantPlatform.DoraPassword, NewPassword = "dora-new-password" });
        var notebookRefused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(notebook).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var stillIn = await host.Accounts(laptop).WhoAmIAsync(new WhoAmIRequest());

        var byAdmin = await host.Accounts(PlatformHost.AdminToken).SetPasswordAsync(new SetPasswordRequest { UserId = "dora", NewPassword = "set-by-the-admin" });
        var laptopRefused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(laptop).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.Equal(1, own.SessionsRevoked);
        Assert.Equal(StatusCode.Unauthenticated, notebookRefused.StatusCode);
        Assert.Equal("dora", stillIn.User.UserId);
        Assert.Equal(1, byAdmin.SessionsRevoked);
        Assert.Equal(StatusCode.Unauthenticated, laptopRefused.StatusCode);
        Assert.Equal("admin", (await host.Accounts(PlatformHost.AdminToken).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    [Fact]
    public async Task Login_DeletesTheUsersExpiredSessionRows_AndNoOneElses()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await using (var expired = db.CreateCommand(
            """
            INSERT INTO nmpi_access_tokens (token_hash, user_id, label, created_at, expires_at)
            VALUES ('\x01'::bytea, 'dora', 'session', now() - interval '2 days', now() - interval '1 day'),
                   ('\x02'::bytea, 'alice', 'session', now() - interval '2 days', now() - interval '1 day'),
                   ('\x03'::bytea, 'dora', 'notebook', now() - interval '2 days', now() - interval '1 day')
            """))
        {
            await expired.ExecuteNonQueryAsync();
        }

        var session = await LoginAsync(host);

        await using var rows = db.CreateCommand("""
            SELECT user_id, label, expires_at > now() FROM nmpi_access_tokens
             WHERE token_hash IN ('\x01'::bytea, '\x02'::bytea, '\x03'::bytea) OR (user_id = 'dora' AND label = 'session')
             ORDER BY user_id, label
            """);
        var left = new List<string>();
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                left.Add($"{reader.GetString(0)} {reader.GetString(1)} {(reader.GetBoolean(2) ? "live" : "expired")}");
            }
        }

        // Dora's expired session is gone, her new one is there; Alice's expired session and Dora's expired access token stay.
        Assert.Equal(["alice session expired", "dora notebook expired", "dora session live"], left);
        Assert.Equal("dora", (await host.Accounts(session).WhoAmIAsync(new WhoAmIRequest())).User.UserId);
    }

    private static async Task<string> LoginAsync(PlatformHost host) =>
        (await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword })).Token;
}
