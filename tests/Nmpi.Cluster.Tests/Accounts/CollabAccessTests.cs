using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Auth;
using CollabRole = Nmpi.Gateway.Auth.CollabRole;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>
/// Authorization by collab role with users, roles and tokens read from PostgreSQL through the grains (these were the
/// gateway's loopback tests while users lived in the gateway's memory; the assertions are the same).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CollabAccessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AuthenticateUser_KnownBearer_ReturnsTheUserAndRoles()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var auth = host.Services.GetRequiredService<CallerAuthenticator>();

        var user = await auth.AuthenticateUserAsync(TenantPlatform.User(PlatformHost.AliceToken));

        Assert.Equal("alice", user.UserId);
        Assert.False(user.Admin);
        Assert.Equal(CollabRole.Editor, user.Roles["neuro-lab"]);
        Assert.Equal(CollabRole.Viewer, user.Roles["shared"]);
        Assert.Equal(CollabRole.Administrator, user.Roles["private-alice"]);
    }

    [Theory]
    [InlineData("Bearer token-alice-012345678")]
    [InlineData("Bearer token-alice-01234567890")]
    public async Task AuthenticateUser_UnknownToken_IsUnauthenticated(string header)
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var auth = host.Services.GetRequiredService<CallerAuthenticator>();

        var e = await Assert.ThrowsAsync<RpcException>(() => auth.AuthenticateUserAsync(new Metadata { { "authorization", header } }));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task SubmitJob_Malformed_IsInvalidArgumentWithFieldViolations()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var request = TenantPlatform.Submit();
        request.Code = null;
        request.HardwareConfig = TenantPlatform.Json("""{"HICANN": "x"}""");

        var e = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var fields = e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field);
        Assert.Equal(["code", "hardware_config.HICANN"], fields);
    }

    [Fact]
    public async Task SubmitJob_ToCollabWhereOnlyViewer_IsPermissionDenied()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var request = TenantPlatform.Submit();
        request.Collab = "shared";
        var e = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task SubmitJob_ToCollabWithoutRole_IsNotFound()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var request = TenantPlatform.Submit();
        request.Collab = "someone-elses";
        var e = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal("COLLAB_NOT_FOUND", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }
}
