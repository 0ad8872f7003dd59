using System.Buffers.Text;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Accounts;
using Npgsql;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>Login, renewal and every kind of bad bearer token, through the real gateway on a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BearerTokenTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Login_GivesATokenThatWorksForJobsAndWhoAmI()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());

        var login = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });
        var job = await host.Jobs(login.Token).SubmitJobAsync(JobRequests.Inline("neuro"));
        var me = await host.Accounts(login.Token).WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal("dora", login.UserId);
        Assert.True(SessionToken.LooksLikeJwt(login.Token));
        Assert.InRange(login.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
        Assert.Equal("dora", job.UserId);
        Assert.Equal("dora", me.User.UserId);
        Assert.Equal("dora@example.org", me.User.Email);
        Assert.True(me.User.HasPassword);
        Assert.True(me.User.JobMails);
        Assert.Equal(
            [("neuro", Api.V1.CollabRole.Editor, false), ("private-dora", Api.V1.CollabRole.Administrator, true)],
            me.Collabs.Select(c => (c.CollabId, c.Role, c.IsPrivate)));
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_GetTheSameUnauthenticatedAnswer()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var accounts = host.Accounts();

        var wrongPassword = await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "dora", Password = "dora-password-0124" }).ResponseAsync);
        var unknownUser = await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "dorb", Password = TenantPlatform.DoraPassword }).ResponseAsync);
        var tokenOnlyUser = await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "alice", Password = "anything-at-all" }).ResponseAsync);

        Assert.All([wrongPassword, unknownUser, tokenOnlyUser], e =>
        {
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
            Assert.Equal("Wrong username or password.", e.Status.Detail);
            Assert.Equal("UNAUTHENTICATED", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        });
    }

    [Fact]
    public async Task RenewToken_GivesAFreshWorkingToken()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var login = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });

        var renewed = await host.Accounts(login.Token).RenewTokenAsync(new RenewTokenRequest());
        var byPersonalToken = await host.Accounts(PlatformHost.AliceToken).RenewTokenAsync(new RenewTokenRequest());
        var me = await host.Accounts(renewed.Token).WhoAmIAsync(new WhoAmIRequest());
        var alice = await host.Accounts(byPersonalToken.Token).WhoAmIAsync(new WhoAmIRequest());

        Assert.NotEqual(login.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt.ToDateTimeOffset() >= login.ExpiresAt.ToDateTimeOffset());
        Assert.Equal("dora", me.User.UserId);
        Assert.Equal("alice", alice.User.UserId);
    }

    [Fact]
    public async Task ExpiredForgedAndUnsignedTokens_AreUnauthenticated()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });
        var key = await ReadSigningKeyAsync(host);
        var now = DateTimeOffset.UtcNow;

        var control = SessionToken.Issue(key, "admin", now, TimeSpan.FromHours(1));
        var expired = SessionToken.Issue(key, "admin", now.AddHours(-2), TimeSpan.FromHours(1));
        var forged = SessionToken.Issue(key with { Secret = new byte[32] }, "admin", now, TimeSpan.FromHours(1));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":"nmpi","sub":"admin","exp":{{now.AddHours(1).ToUnixTimeSeconds()}}}"""));
        var unsigned = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"none","typ":"JWT","kid":"{{key.KeyId}}"}""")) + "." + payload + ".";
        var resigned = control.Split('.')[0] + "." + payload + "." + control.Split('.')[2];

        var allowed = await host.Accounts(control).WhoAmIAsync(new WhoAmIRequest());
        Assert.Equal("admin", allowed.User.UserId);
        foreach (var token in new[] { expired, forged, unsigned, resigned })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(token).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
            Assert.DoesNotContain(token, e.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RetiredSigningKey_RefusesItsTokens()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, new Dictionary<string, string?>(TenantPlatform.Dora())
        {
            ["Nmpi:Accounts:SigningKeyRefresh"] = "00:00:00",
        });
        var old = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });
        var keys = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISigningKeyGrain>(0);
        var oldKey = (await keys.GetKeysAsync())[0];

        await keys.RotateAsync();
        var fresh = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });
        var oldStillWorks = await host.Accounts(old.Token).WhoAmIAsync(new WhoAmIRequest());
        await keys.RetireAsync(oldKey.KeyId);
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(old.Token).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var freshStillWorks = await host.Accounts(fresh.Token).WhoAmIAsync(new WhoAmIRequest());

        Assert.NotEqual(oldKey.KeyId, (await ReadSigningKeyAsync(host)).KeyId);
        Assert.Equal("dora", oldStillWorks.User.UserId);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("dora", freshStillWorks.User.UserId);
    }

    [Fact]
    public async Task RevokedOrExpiredAccessToken_IsRefusedAtOnce_WithoutARestart()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        const string Later = "token-alice-later-0123456789";
        const string Lapsed = "token-alice-lapsed-0123456789";
        await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(Later)).IssueAsync("alice", "laptop", DateTimeOffset.UtcNow.AddDays(1));
        await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(Lapsed)).IssueAsync("alice", "old", DateTimeOffset.UtcNow.AddSeconds(-1));

        var before = await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest());
        var revoked = await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(PlatformHost.AliceToken)).RevokeAsync();
        var after = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
        var lapsed = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(Lapsed).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
        var later = await host.Accounts(Later).WhoAmIAsync(new WhoAmIRequest());

        Assert.NotNull(before);
        Assert.True(revoked);
        Assert.Equal(StatusCode.Unauthenticated, after.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, lapsed.StatusCode);
        Assert.Equal("alice", later.User.UserId);
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await using var stored = db.CreateCommand("SELECT count(*) FROM nmpi_access_tokens WHERE label = 'laptop' AND token_hash = $1");
        stored.Parameters.Add(new NpgsqlParameter { Value = Convert.FromHexString(CallerAuthenticator.TokenKey(Later)) });
        Assert.Equal(1L, await stored.ExecuteScalarAsync());
    }

    private static async Task<SigningKey> ReadSigningKeyAsync(PlatformHost host)
    {
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await using var command = db.CreateCommand("SELECT key_id, secret, created_at FROM nmpi_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new SigningKey(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2));
    }
}
