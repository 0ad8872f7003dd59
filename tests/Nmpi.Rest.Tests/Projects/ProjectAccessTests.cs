using System.Net;
using System.Net.Http.Json;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using static Nmpi.Rest.Tests.Projects.ProjectApi;

namespace Nmpi.Rest.Tests.Projects;

[Collection(RestPostgresCollection.Name)]
public sealed class ProjectAccessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AnotherCollabsProject_AnswersNotFound_ForEveryOperation_AndChangesNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        var id = (await CreateAsync(alice, Body("neuro", "Secret plans"))).GetProperty("id").GetInt64();
        var expected = $"Either there is no project with id {id}, or you do not have access to it";

        var answers = new List<HttpResponseMessage>
        {
            await carol.GetAsync($"/projects/{id}"),
            await carol.PutAsJsonAsync($"/projects/{id}", new { title = "Hijacked" }),
            await carol.PutAsJsonAsync($"/projects/{id}", new { status = "under review" }),
            await carol.DeleteAsync($"/projects/{id}"),
            await carol.GetAsync($"/projects/{id}/quotas/"),
            await carol.GetAsync($"/projects/{id}/quotas/SpiNNaker"),
            await carol.PostAsJsonAsync($"/projects/{id}/quotas/", new { platform = "SpiNNaker", limit = 1.0 }),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal(expected, Detail(await RestClient.JsonAsync(answer)));
            answer.Dispose();
        }

        var (_, project) = await GetAsync(alice, $"/projects/{id}");
        Assert.Equal("Secret plans", project.GetProperty("title").GetString());
        Assert.Equal("in preparation", project.GetProperty("status").GetString());

        var (listed, carolsList) = await GetAsync(carol, "/projects/");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.DoesNotContain(id, Ids(carolsList));
        var (filtered, filteredJson) = await GetAsync(carol, "/projects/?collab=neuro");
        Assert.Equal(HttpStatusCode.NotFound, filtered);
        Assert.Contains("neuro", Detail(filteredJson));
    }

    [Theory]
    [InlineData("/projects/0")]
    [InlineData("/projects/abc")]
    [InlineData("/projects/999999")]
    public async Task MissingOrMalformedId_AnswersNotFound(string path)
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);

        var (status, json) = await GetAsync(alice, path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.StartsWith("Either there is no project with id", Detail(json));
    }

    [Fact]
    public async Task WithoutToken_AnswersUnauthorized()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var anonymous = RestClient.For(host);

        var (status, json) = await GetAsync(anonymous, "/projects/");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.NotEmpty(Detail(json));
    }

    [Fact]
    public async Task MalformedBodies_Answer422NamingTheField_DomainRefusalsTheirStatus_AndCreateNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        var bodies = new (HttpClient Client, HttpContent Content, HttpStatusCode Expected, string Detail)[]
        {
            (alice, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.UnprocessableEntity, "body: The body is not valid JSON."),
            (alice, JsonContent.Create(new[] { 1, 2 }), HttpStatusCode.UnprocessableEntity, "body: value is not a valid dict"),
            (alice, JsonContent.Create(new { collab = "neuro", title = "No amounts" }), HttpStatusCode.BadRequest, "'quotas' must name at least one platform"),
            (alice, JsonContent.Create(new { title = "No collab", quotas = new[] { new { platform = "SpiNNaker", limit = 1.0 } } }), HttpStatusCode.UnprocessableEntity, "body.collab: field required"),
            (alice, JsonContent.Create(new { collab = "neuro", title = 5 }), HttpStatusCode.UnprocessableEntity, "body.title: str type expected"),
            (alice, JsonContent.Create(new { collab = "neuro", title = "T", status = "approved", quotas = new[] { new { platform = "SpiNNaker", limit = 1.0 } } }), HttpStatusCode.UnprocessableEntity, "body.status: value is not a valid enumeration member"),
            (alice, JsonContent.Create(new { collab = "neuro", title = "T", status = "accepted", quotas = new[] { new { platform = "SpiNNaker", limit = 1.0 } } }), HttpStatusCode.BadRequest, "administrators decide it afterwards"),
            (alice, JsonContent.Create(new { collab = "neuro", title = "T", quotas = new[] { new { platform = "Loihi", limit = 1.0 } } }), HttpStatusCode.UnprocessableEntity, "body.quotas.0.platform: "),
            (alice, JsonContent.Create(new { collab = "neuro", title = "T", quotas = new[] { new { platform = "SpiNNaker", limit = -1.0 } } }), HttpStatusCode.UnprocessableEntity, "body.quotas.0.limit: must be more than 0"),
            (alice, JsonContent.Create(new { collab = "neuro", title = "T", quotas = new[] { new { platform = "SpiNNaker" } } }), HttpStatusCode.UnprocessableEntity, "body.quotas.0.limit: field required"),
            (alice, JsonContent.Create(new { collab = "neuro", title = " ", quotas = new[] { new { platform = "SpiNNaker", limit = 1.0 } } }), HttpStatusCode.UnprocessableEntity, "body.title: must not be empty"),
            (alice, JsonContent.Create(Body("other")), HttpStatusCode.NotFound, "other"),
            (bob, JsonContent.Create(Body("neuro")), HttpStatusCode.Forbidden, "editor"),
        };

        foreach (var (client, content, expected, detail) in bodies)
        {
            using var response = await client.PostAsync("/projects/", content);
            var json = await RestClient.JsonAsync(response);
            Assert.True(response.StatusCode == expected, $"{expected} expected for {await content.ReadAsStringAsync()}, got {response.StatusCode}: {json}");
            Assert.Contains(detail, Detail(json));
        }

        var (_, list) = await GetAsync(alice, "/projects/?size=100");
        Assert.Empty(list.EnumerateArray());
    }

    [Fact]
    public async Task Update_RefusesOwnerAndCollabChanges_AndKeepsTheProject()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var id = (await CreateAsync(alice, Body("neuro", "Original"))).GetProperty("id").GetInt64();

        var (owner, ownerJson) = await PutAsync(alice, id, new { title = "New", owner = "mallory" });
        var (collab, collabJson) = await PutAsync(alice, id, new { title = "New", collab = "other" });

        Assert.Equal(HttpStatusCode.BadRequest, owner);
        Assert.Contains("'owner' cannot be changed", Detail(ownerJson));
        Assert.Equal(HttpStatusCode.BadRequest, collab);
        Assert.Contains("'collab' cannot be changed", Detail(collabJson));
        Assert.Equal("Original", (await GetAsync(alice, $"/projects/{id}")).Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task List_FiltersByStatusCollabAndOwner_NewestFirst_WithSizeAndFromIndex()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);
        var first = (await CreateAsync(alice, Body("neuro", "First"))).GetProperty("id").GetInt64();
        var second = (await CreateAsync(alice, Body("neuro", "Second"))).GetProperty("id").GetInt64();
        var third = (await CreateAsync(alice, Body("neuro", "Third"))).GetProperty("id").GetInt64();
        var carols = (await CreateAsync(carol, Body("other", "Carol's"))).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(alice, second, new { status = "under review" })).Status);

        Assert.Equal([third, second, first], Ids((await GetAsync(alice, "/projects/")).Json));
        Assert.Equal([second], Ids((await GetAsync(alice, "/projects/?status=under%20review")).Json));
        Assert.Equal([third, first], Ids((await GetAsync(alice, "/projects/?status=in+preparation&collab=neuro")).Json));
        Assert.Equal([second], Ids((await GetAsync(alice, "/projects/?size=1&from_index=1")).Json));
        Assert.Equal([third, second, first], Ids((await GetAsync(alice, "/projects/?owner=alice")).Json));
        Assert.Equal([carols, third, second, first], Ids((await GetAsync(admin, "/projects/?as_admin=true")).Json));
        Assert.Equal([carols], Ids((await GetAsync(admin, "/projects/?as_admin=true&owner=carol")).Json));
        Assert.Equal([carols, third], Ids((await GetAsync(admin, "/projects/?as_admin=true&collab=neuro&collab=other&status=in+preparation&size=2")).Json));

        var errors = new (string Path, HttpStatusCode Status, string Detail)[]
        {
            ("/projects/?owner=carol", HttpStatusCode.Forbidden, "Owner id provided (carol) does not match authentication token (alice)"),
            ("/projects/?owner=alice&owner=carol", HttpStatusCode.BadRequest, "Only admins can directly query projects they don't own, try querying by collab"),
            ("/projects/?as_admin=true", HttpStatusCode.Forbidden, "The token provided does not give admin privileges"),
            ("/projects/?status=approved", HttpStatusCode.UnprocessableEntity, "query.status: value is not a valid enumeration member"),
            ("/projects/?size=-1", HttpStatusCode.UnprocessableEntity, "query.size: ensure this value is greater than or equal to 0"),
            ("/projects/?from_index=x&as_admin=maybe", HttpStatusCode.UnprocessableEntity, "query.from_index: value is not a valid integer: 'x'; query.as_admin: value could not be parsed to a boolean"),
        };
        foreach (var (path, status, detail) in errors)
        {
            var (actual, json) = await GetAsync(alice, path);
            Assert.True(actual == status, $"{path}: {actual} {json}");
            Assert.Contains(detail, Detail(json));
        }
    }
}
