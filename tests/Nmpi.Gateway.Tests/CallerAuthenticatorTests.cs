using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.RateLimits;
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
        new CredentialLookups(FailingGrainFactory.Create(), Options.Create(new AuthLookupOptions()), TimeProvider.System, NullLogger<CredentialLookups>.Instance),
        new SigningKeyCache(FailingGrainFactory.Create(), TimeProvider.System, Options.Create(new AccountOptions())),
        new ConfiguredProviderKeys(Options.Create(TestAuth.Options())),
        new WriteRateLimiter(Options.Create(new WriteRateLimitOptions()), TimeProvider.System));

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
}
