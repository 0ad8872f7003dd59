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
}
