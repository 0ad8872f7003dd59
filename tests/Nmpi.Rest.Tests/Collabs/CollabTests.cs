using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Projects;

namespace Nmpi.Rest.Tests.Collabs;

[Collection(RestPostgresCollection.Name)]
public sealed class CollabTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Collabs_ListsTheCollabsTheCallerEdits_ThatHaveProjects()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);

        Assert.Empty((await ProjectApi.GetAsync(alice, "/collabs/")).Json.EnumerateArray());
        await ProjectApi.CreateAsync(alice, ProjectApi.Body("neuro"));

        Assert.Equal(["neuro"], Names((await ProjectApi.GetAsync(alice, "/collabs/")).Json));
        Assert.Equal(["neuro"], Names((await ProjectApi.GetAsync(alice, "/collabs/?status=in+preparation&user_id=alice")).Json));
        Assert.Empty((await ProjectApi.GetAsync(alice, "/collabs/?status=accepted")).Json.EnumerateArray());
        Assert.Empty((await ProjectApi.GetAsync(bob, "/collabs/")).Json.EnumerateArray());
        Assert.Empty((await ProjectApi.GetAsync(carol, "/collabs/")).Json.EnumerateArray());

        var (mismatch, json) = await ProjectApi.GetAsync(alice, "/collabs/?user_id=carol");
        Assert.Equal(HttpStatusCode.Forbidden, mismatch);
        Assert.Equal("User id provided (carol) does not match authentication token (alice)", ProjectApi.Detail(json));
        var (malformed, malformedJson) = await ProjectApi.GetAsync(alice, "/collabs/?status=done");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed);
        Assert.StartsWith("query.status: value is not a valid enumeration member", ProjectApi.Detail(malformedJson), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ProjectApi.GetAsync(RestClient.For(host), "/collabs/")).Status);
    }

    private static string[] Names(System.Text.Json.JsonElement list) => [.. list.EnumerateArray().Select(c => c.GetString()!)];
}
