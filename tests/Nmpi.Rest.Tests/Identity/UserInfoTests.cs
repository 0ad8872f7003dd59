using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Projects;

namespace Nmpi.Rest.Tests.Identity;

[Collection(RestPostgresCollection.Name)]
public sealed class UserInfoTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("/userinfo")]
    [InlineData("/auth/realms/hbp/protocol/openid-connect/userinfo")]
    public async Task UserInfo_NamesTheCallerAndTheirCollabRoles(string path)
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);

        var (status, aliceInfo) = await ProjectApi.GetAsync(alice, path);
        var bobInfo = (await ProjectApi.GetAsync(bob, path)).Json;
        var adminInfo = (await ProjectApi.GetAsync(admin, path)).Json;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", aliceInfo.GetProperty("preferred_username").GetString());
        // Every user also administers their own private collab.
        Assert.Equal(["collab-neuro-editor", "collab-private-alice-administrator"], Teams(aliceInfo));
        Assert.Equal(["collab-neuro-viewer", "collab-private-bob-administrator"], Teams(bobInfo));
        Assert.Contains("collab-neuromorphic-platform-admin-administrator", Teams(adminInfo));
        Assert.DoesNotContain("collab-neuromorphic-platform-admin-administrator", Teams(aliceInfo));
    }

    [Fact]
    public async Task UserInfo_WithoutOrWithABadToken_AnswersUnauthorized()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var anonymous = RestClient.For(host);
        using var forged = RestClient.For(host, "token-nobody-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, (await ProjectApi.GetAsync(anonymous, "/userinfo")).Status);
        var (status, json) = await ProjectApi.GetAsync(forged, "/userinfo");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.NotEmpty(ProjectApi.Detail(json));
    }

    private static string[] Teams(System.Text.Json.JsonElement info) =>
        [.. info.GetProperty("roles").GetProperty("team").EnumerateArray().Select(t => t.GetString()!)];
}
