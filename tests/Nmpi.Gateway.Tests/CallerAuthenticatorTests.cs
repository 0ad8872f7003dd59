using Grpc.Core;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Accounts;
using Options = Microsoft.Extensions.Options.Options;

namespace Nmpi.Gateway.Tests;

/// <summary>
/// The parts of authentication decided without the cluster (the grain factory throws on any call). Known and unknown
/// bearer tokens are looked up in PostgreSQL through the grains: Nmpi.Cluster.Tests/Accounts/BearerTokenTests.
/// </summary>
public sealed class CallerAuthenticatorTests
{
    private readonly CallerAuthenticator _auth = new(
        Options.Create(TestAuth.Options()),
        FailingGrainFactory.Create(),
        new SigningKeyCache(FailingGrainFactory.Create(), TimeProvider.System, Options.Create(new AccountOptions())));

    [Fact]
    public void ToPrincipal_CarriesTheUserAdminFlagAndRoles()
    {
        var user = CallerAuthenticator.ToPrincipal(new UserAccess
        {
            UserId = "alice",
            Admin = false,
            Roles = new Dictionary<string, MemberRole> { ["neuro-lab"] = MemberRole.Editor, ["shared"] = MemberRole.Viewer },
        });

        Assert.Equal("alice", user.UserId);
        Assert.False(user.Admin);
        Assert.Equal(CollabRole.Editor, user.Roles["neuro-lab"]);
        Assert.Equal(CollabRole.Viewer, user.Roles["shared"]);
    }

    [Fact]
    public void TokenKey_IsTheLowerCaseHexSha256OfTheToken()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CallerAuthenticator.TokenKey("abc"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Basic YWxpY2U6cHc=")]
    public async Task AuthenticateUser_MissingToken_IsUnauthenticated(string? header)
    {
        var headers = new Metadata();
        if (header is not null)
        {
            headers.Add("authorization", header);
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateUserAsync(headers));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task AuthenticateUser_WithAnAdapterKey_IsPermissionDenied()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateUserAsync(new Metadata { { "x-api-key", TestAuth.HeidelbergKey } }));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public void AuthenticateAdapter_KnownKey_ReturnsItsSiteAndPlatforms()
    {
        var adapter = _auth.AuthenticateAdapter(new Metadata { { "x-api-key", TestAuth.HeidelbergKey } });

        Assert.Equal("heidelberg", adapter.Site);
        Assert.Equal("heidelberg/wafer-1", adapter.AdapterId("wafer-1"));
        Assert.True(adapter.Owns("heidelberg/wafer-1"));
        Assert.False(adapter.Owns("heidelberg2/wafer-1"));
        Assert.False(adapter.Owns("heidelberg/"));
        Assert.False(adapter.Owns("manchester/spin-1"));
        Assert.True(adapter.Serves("BrainScaleS"));
        Assert.False(adapter.Serves("SpiNNaker"));
    }

    [Fact]
    public void AuthenticateAdapter_WithAUserToken_IsPermissionDenied()
    {
        var e = Assert.Throws<RpcException>(() => _auth.AuthenticateAdapter(new Metadata { { "authorization", $"Bearer {TestAuth.BobToken}" } }));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("heidelberg-key-012345678")]
    public void AuthenticateAdapter_MissingOrUnknownKey_IsUnauthenticated(string? key)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("x-api-key", key);
        }

        Assert.Equal(StatusCode.Unauthenticated, Assert.Throws<RpcException>(() => _auth.AuthenticateAdapter(headers)).StatusCode);
    }
}
