using Grpc.Core;
using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Tests;

public sealed class CallerAuthenticatorTests
{
    private readonly CallerAuthenticator _auth = new(Microsoft.Extensions.Options.Options.Create(TestAuth.Options()));

    [Fact]
    public void AuthenticateUser_KnownBearer_ReturnsTheUserAndRoles()
    {
        var user = _auth.AuthenticateUser(new Metadata { { "authorization", $"Bearer {TestAuth.AliceToken}" } });

        Assert.Equal("alice", user.UserId);
        Assert.False(user.Admin);
        Assert.Equal(CollabRole.Editor, user.Roles["neuro-lab"]);
        Assert.Equal(CollabRole.Viewer, user.Roles["shared"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Basic YWxpY2U6cHc=")]
    [InlineData("Bearer alice-token-012345678")]
    [InlineData("Bearer alice-token-01234567890")]
    public void AuthenticateUser_MissingOrUnknownToken_IsUnauthenticated(string? header)
    {
        var headers = new Metadata();
        if (header is not null)
        {
            headers.Add("authorization", header);
        }

        var e = Assert.Throws<RpcException>(() => _auth.AuthenticateUser(headers));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public void AuthenticateUser_WithAnAdapterKey_IsPermissionDenied()
    {
        var e = Assert.Throws<RpcException>(() => _auth.AuthenticateUser(new Metadata { { "x-api-key", TestAuth.HeidelbergKey } }));
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
