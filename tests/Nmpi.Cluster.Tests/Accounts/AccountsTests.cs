using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using Npgsql;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>Users created by platform administrators, profiles and passwords, on a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccountsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateUser_ByAdmin_TheUserLogsIn_AndAdministersTheirPrivateCollab()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var request = new CreateUserRequest { UserId = "erin", Email = "erin@example.org", DisplayName = "Erin E.", Password = "erin-password-1" };

        var created = await host.Accounts(PlatformHost.AdminToken).CreateUserAsync(request);
        var again = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.AdminToken).CreateUserAsync(request).ResponseAsync);
        var login = await host.Accounts().LoginAsync(new LoginRequest { Username = "erin", Password = "erin-password-1" });
        var collabs = await host.Collabs(login.Token).ListMyCollabsAsync(new ListMyCollabsRequest());
        await host.Quotas(PlatformHost.AdminToken).SetAsync("private-erin", "SpiNNaker", 10);
        var job = await host.Jobs(login.Token).SubmitJobAsync(JobRequests.Inline("private-erin"));

        Assert.Equal(("erin", "erin@example.org", "Erin E.", false, true, true), (created.UserId, created.Email, created.DisplayName, created.Admin, created.JobMails, created.HasPassword));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal("USER_EXISTS", again.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        var only = Assert.Single(collabs.Collabs);
        Assert.Equal(("private-erin", Api.V1.CollabRole.Administrator, true), (only.CollabId, only.Role, only.IsPrivate));
        Assert.Equal("private-erin", job.Collab);
    }

    [Fact]
    public async Task CreateUser_ByANonAdmin_IsPermissionDenied_AndCreatesNothing()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);

        var e = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.AliceToken).CreateUserAsync(
            new CreateUserRequest { UserId = "mallory", Password = "mallory-password" }).ResponseAsync);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.AdminToken).GetUserAsync(new GetUserRequest { UserId = "mallory" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
        Assert.Equal(0L, await ScalarAsync(host, "SELECT count(*) FROM nmpi_users WHERE user_id = 'mallory'"));
    }

    [Fact]
    public async Task CreateUser_Malformed_IsInvalidArgument_AndCreatesNothing()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);

        var e = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(PlatformHost.AdminToken).CreateUserAsync(
            new CreateUserRequest { UserId = "Bad Name", Password = "short", Email = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["user_id", "password", "email"], e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal(4L, await ScalarAsync(host, "SELECT count(*) FROM nmpi_users"));
    }

    [Fact]
    public async Task UpdateProfile_ChangesOnlyTheFieldsSent_AndTheMailChoiceIsStored()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var dora = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });

        var named = await host.Accounts(dora.Token).UpdateProfileAsync(new UpdateProfileRequest { DisplayName = "Dora D." });
        var quiet = await host.Accounts(dora.Token).UpdateProfileAsync(new UpdateProfileRequest { JobMails = false, Email = "dora@lab.example.org" });
        var othersProfile = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(dora.Token).UpdateProfileAsync(
            new UpdateProfileRequest { UserId = "alice", Email = "x@example.org" }).ResponseAsync);
        var byAdmin = await host.Accounts(PlatformHost.AdminToken).GetUserAsync(new GetUserRequest { UserId = "dora" });

        Assert.Equal(("Dora D.", "dora@example.org", true), (named.DisplayName, named.Email, named.JobMails));
        Assert.Equal(("Dora D.", "dora@lab.example.org", false), (quiet.DisplayName, quiet.Email, quiet.JobMails));
        Assert.Equal(StatusCode.NotFound, othersProfile.StatusCode);
        Assert.Equal(quiet, byAdmin);
        Assert.Equal(false, await ScalarAsync(host, "SELECT job_mails FROM nmpi_users WHERE user_id = 'dora'"));
        Assert.Equal(DBNull.Value, await ScalarAsync(host, "SELECT email FROM nmpi_users WHERE user_id = 'alice'"));
    }

    [Fact]
    public async Task SetPassword_NeedsTheCurrentOne_ThenOnlyTheNewOneLogsIn()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var dora = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });

        var wrong = await Assert.ThrowsAsync<RpcException>(() => host.Accounts(dora.Token).SetPasswordAsync(
            new SetPasswordRequest { CurrentPassword = "not-the-password", NewPassword = "dora-new-password" }).ResponseAsync);
        await host.Accounts(dora.Token).SetPasswordAsync(new SetPasswordRequest { CurrentPassword = TenantPlatform.DoraPassword, NewPassword = "dora-new-password" });
        var old = await Assert.ThrowsAsync<RpcException>(() => host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword }).ResponseAsync);
        var fresh = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = "dora-new-password" });
        await host.Accounts(PlatformHost.AdminToken).SetPasswordAsync(new SetPasswordRequest { UserId = "dora", NewPassword = "set-by-the-admin" });
        var reset = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = "set-by-the-admin" });

        Assert.Equal(StatusCode.PermissionDenied, wrong.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, old.StatusCode);
        Assert.Equal("dora", fresh.UserId);
        Assert.Equal("dora", reset.UserId);
        var stored = (string)(await ScalarAsync(host, "SELECT password_hash FROM nmpi_users WHERE user_id = 'dora'"))!;
        Assert.StartsWith("pbkdf2-sha256$1000$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("set-by-the-admin", stored, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(PlatformHost host, string sql)
    {
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await using var command = db.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
