using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>
/// Users and teams of the external OpenID Connect provider live in the provider's own namespace (security review C-1): the
/// attacks below are made with real provider tokens against a real platform (gRPC over loopback, PostgreSQL).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ExternalIdentityTests(PostgresFixture postgres, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    [Fact]
    public async Task IdpUser_NamedLikeTheLocalAdmin_GetsNothingOfTheAdmin()
    {
        var (host, issuer) = await platform.StartWithIssuerAsync(postgres);
        var carolsJob = await Submit.JobAsync(host, PlatformHost.CarolToken, "other");
        var adminBefore = await AccountsAs(host, PlatformHost.AdminToken).GetUserAsync(new GetUserRequest { UserId = "admin" });

        // The provider lets anyone register the username "admin", and teams naming local and private collabs.
        var mallory = issuer.AccessToken("admin", ["collab-other-administrator", "collab-private-alice-administrator", "collab-private-carol-viewer"]);

        var renew = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(host, mallory).RenewTokenAsync(new RenewTokenRequest()).ResponseAsync);
        var me = await AccountsAs(host, mallory).WhoAmIAsync(new WhoAmIRequest());
        var collabs = await CollabsAs(host, mallory).ListMyCollabsAsync(new ListMyCollabsRequest());
        var getJob = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(mallory).GetJobAsync(new GetJobRequest { Id = carolsJob.Id }).ResponseAsync);
        var allJobs = await host.Jobs(mallory).ListJobsAsync(new ListJobsRequest());
        var cancel = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(mallory).CancelJobAsync(new CancelJobRequest { Id = carolsJob.Id }).ResponseAsync);
        var password = await Assert.ThrowsAsync<RpcException>(() =>
            AccountsAs(host, mallory).SetPasswordAsync(new SetPasswordRequest { NewPassword = "mallory was here 123" }).ResponseAsync);
        var login = await Assert.ThrowsAsync<RpcException>(() =>
            new Accounts.AccountsClient(host.Channel).LoginAsync(new LoginRequest { Username = "admin", Password = "mallory was here 123" }).ResponseAsync);
        var profile = await Assert.ThrowsAsync<RpcException>(() =>
            AccountsAs(host, mallory).UpdateProfileAsync(new UpdateProfileRequest { Email = "mallory@example.org" }).ResponseAsync);
        var adminAfter = await AccountsAs(host, PlatformHost.AdminToken).GetUserAsync(new GetUserRequest { UserId = "admin" });

        Assert.Equal(StatusCode.FailedPrecondition, renew.StatusCode);
        Assert.Equal("oidc:admin", me.User.UserId);
        Assert.False(me.User.Admin);
        Assert.Empty(me.Collabs);
        Assert.Empty(collabs.Collabs);
        Assert.Equal(StatusCode.NotFound, getJob.StatusCode);
        Assert.Empty(allJobs.Jobs);
        Assert.Equal(StatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, password.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, login.StatusCode);
        Assert.Equal(StatusCode.NotFound, profile.StatusCode);
        Assert.Equal(adminBefore, adminAfter);
    }

    [Fact]
    public async Task IdpTeams_GrantRolesOnlyInTheProvidersOwnOrLinkedCollabs_AndLocalUsersCannotTakeTheProvidersIds()
    {
        var (host, issuer) = await platform.StartWithIssuerAsync(postgres);

        // fresh: no local collab has the id, so it becomes the provider's; neuro: local, linked in the settings; other: local.
        var erin = issuer.AccessToken("erin", ["collab-fresh-editor", "collab-neuro-viewer", "collab-other-editor"]);

        var collabs = await CollabsAs(host, erin).ListMyCollabsAsync(new ListMyCollabsRequest());
        var takeOver = await Assert.ThrowsAsync<RpcException>(() =>
            CollabsAs(host, PlatformHost.AliceToken).CreateCollabAsync(new CreateCollabRequest { Id = "fresh" }).ResponseAsync);
        var submitToOther = await Assert.ThrowsAsync<RpcException>(() => Submit.JobAsync(host, erin, "other"));

        Assert.Equal(["fresh", "neuro"], collabs.Collabs.Select(c => c.CollabId).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.AlreadyExists, takeOver.StatusCode);
        Assert.Contains(submitToOther.StatusCode, new[] { StatusCode.NotFound, StatusCode.PermissionDenied });
    }

    [Fact]
    public async Task IdpUserId_FollowsTheSubject_NotTheUsername()
    {
        var (host, issuer) = await platform.StartWithIssuerAsync(postgres);

        var first = await AccountsAs(host, issuer.AccessToken("frank", [])).WhoAmIAsync(new WhoAmIRequest());
        var renamed = await AccountsAs(host, issuer.AccessToken("frank-renamed", [], subject: SignInIssuer.SubjectOf("frank"))).WhoAmIAsync(new WhoAmIRequest());

        // Another person who later registers the name frank gets an id of their own, never the first frank's jobs.
        var newcomer = await AccountsAs(host, issuer.AccessToken("frank", [], subject: "another-person")).WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal("oidc:frank", first.User.UserId);
        Assert.Equal("oidc:frank", renamed.User.UserId);
        Assert.Equal("oidc:frank~2", newcomer.User.UserId);
    }

    private static Accounts.AccountsClient AccountsAs(PlatformHost host, string token) => new(host.Channel.Intercept(headers => WithBearer(headers, token)));

    private static Collabs.CollabsClient CollabsAs(PlatformHost host, string token) => new(host.Channel.Intercept(headers => WithBearer(headers, token)));

    private static Metadata WithBearer(Metadata headers, string token)
    {
        headers.Add("authorization", $"Bearer {token}");
        return headers;
    }
}
