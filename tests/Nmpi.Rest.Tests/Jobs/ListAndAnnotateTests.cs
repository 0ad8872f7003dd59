using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

[Collection(RestPostgresCollection.Name)]
public sealed class ListAndAnnotateTests(PostgresFixture postgres)
{
    [Fact]
    public async Task List_FiltersByRepeatedParameters_PagesNewestFirst_AndLeavesRemovedOut()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        async Task<long> Submit(string platform, params string[] tags) =>
            (await RestJobs.SubmitAsync(alice, RestJobs.Body(platform: platform, tags: tags))).GetProperty("id").GetInt64();

        var a = await Submit("SpiNNaker", "red");
        var b = await Submit("BrainScaleS", "blue");
        var c = await Submit("Spikey", "red", "blue");
        var d = await Submit("SpiNNaker", "green");
        var carols = (await RestJobs.SubmitAsync(carol, RestJobs.Body("other"))).GetProperty("id").GetInt64();

        async Task<long[]> List(string query)
        {
            var (status, body) = await RestJobs.GetAsync(alice, "/jobs/" + query);
            Assert.True(status == HttpStatusCode.OK, $"GET /jobs/{query} answered {status}: {body}");
            return RestJobs.Ids(body);
        }

        Assert.Equal((long[])[d, c, b, a], await List("?collab=neuro"));
        Assert.Equal((long[])[d, c, b, a], await List(""));
        Assert.Equal((long[])[d, a], await List("?collab=neuro&hardware_platform=SpiNNaker"));
        Assert.Equal((long[])[d, c, a], await List("?collab=neuro&hardware_platform=SpiNNaker&hardware_platform=Spikey"));
        Assert.Equal((long[])[c, a], await List("?collab=neuro&tags=red"));
        Assert.Equal((long[])[d, c, a], await List("?collab=neuro&tags=red&tags=green"));
        Assert.Equal((long[])[c], await List("?collab=neuro&tags=red&hardware_platform=Spikey"));
        Assert.Equal((long[])[d, c], await List("?collab=neuro&size=2"));
        Assert.Equal((long[])[b, a], await List("?collab=neuro&size=2&from_index=2"));
        Assert.Empty(await List("?collab=neuro&from_index=4"));
        Assert.Equal((long[])[d, c, b, a], await List("?collab=neuro&status=submitted"));
        Assert.Empty(await List("?collab=neuro&status=finished&status=error"));
        Assert.Equal((long[])[d, c, b, a], await List("?collab=neuro&user_id=alice"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((long[])[d, c, b, a], await List($"?collab=neuro&date_range_start={today}&date_range_end={today}"));
        Assert.Empty(await List("?collab=neuro&date_range_end=2000-01-01"));
        Assert.DoesNotContain(carols, await List(""));

        // A deleted (removed) job leaves the lists; asking for removed ones shows it.
        var (deleted, _) = await RestJobs.SendAsync(alice, HttpMethod.Delete, $"/jobs/{c}");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal((long[])[d, b, a], await List("?collab=neuro"));
        Assert.Equal((long[])[c], await List("?collab=neuro&status=removed"));
    }

    [Fact]
    public async Task List_RefusesWhatV3Refuses_AndHidesOtherCollabs()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        await RestJobs.SubmitAsync(alice, RestJobs.Body());

        // Without a collab v3 lists one's own jobs: bob (a viewer of neuro) has none; with the collab he sees alice's.
        Assert.Empty(RestJobs.Ids((await RestJobs.GetAsync(bob, "/jobs/")).Body));
        Assert.Single(RestJobs.Ids((await RestJobs.GetAsync(bob, "/jobs/?collab=neuro")).Body));

        var (status, body) = await RestJobs.GetAsync(bob, "/jobs/?user_id=alice");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("User id provided (alice) does not match authentication token (bob)", RestJobs.Detail(body));
        (status, _) = await RestJobs.GetAsync(bob, "/jobs/?user_id=alice&user_id=bob");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await RestJobs.GetAsync(alice, "/jobs/?collab=other");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await RestJobs.GetAsync(alice, "/jobs/?status=lost");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["query", "status"], body.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(p => p.GetString()));
        (status, body) = await RestJobs.GetAsync(alice, "/jobs/?size=ten&date_range_start=soon");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(
            ["query.size: value is not a valid integer: 'ten'", "query.date_range_start: invalid date format (YYYY-MM-DD): 'soon'"],
            Projects.ProjectApi.Detail(body).Split("; ").Order(StringComparer.Ordinal).Reverse());
        (status, body) = await RestJobs.GetAsync(alice, "/jobs/1?with_log=maybe");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("query.with_log: value could not be parsed to a boolean: 'maybe'", Projects.ProjectApi.Detail(body));
        (status, _) = await RestJobs.GetAsync(alice, "/jobs/?as_admin=true");
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task CommentsAndTags_AreAddedListedAndRemoved_AsJsonLists()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body(tags: ["old"]))).GetProperty("id").GetInt64();

        var (status, comment) = await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["content"] = "looks good" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((id, "looks good", "alice"), (comment.GetProperty("job_id").GetInt64(), comment.GetProperty("content").GetString(), comment.GetProperty("user_id").GetString()));
        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["text"] = "wrong field" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        var (_, comments) = await RestJobs.GetAsync(bob, $"/jobs/{id}/comments");
        Assert.Equal(["looks good"], comments.EnumerateArray().Select(c => c.GetProperty("content").GetString()));
        var (_, job) = await RestJobs.GetAsync(bob, $"/jobs/{id}?with_comments=true");
        Assert.Equal(comment.GetProperty("id").GetInt64(), job.GetProperty("comments")[0].GetProperty("id").GetInt64());

        (status, var tags) = await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/tags/", new JsonArray("new", "more"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["more", "new", "old"], tags.EnumerateArray().Select(t => t.GetString()).Order());
        (status, tags) = await RestJobs.SendAsync(alice, HttpMethod.Delete, $"/jobs/{id}/tags/", new JsonArray("old"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["more", "new"], tags.EnumerateArray().Select(t => t.GetString()).Order());
        (status, tags) = await RestJobs.GetAsync(bob, $"/jobs/{id}/tags/");
        Assert.Equal(["more", "new"], tags.EnumerateArray().Select(t => t.GetString()).Order());
        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/tags/", new JsonObject { ["tags"] = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        // A viewer may read but not change the job.
        (status, _) = await RestJobs.SendAsync(bob, HttpMethod.Post, $"/jobs/{id}/tags/", new JsonArray("bobs"));
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, var collabTags) = await RestJobs.GetAsync(bob, "/tags/?collab=neuro");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["more", "new"], collabTags.EnumerateArray().Select(t => t.GetString()));
        (status, _) = await RestJobs.GetAsync(bob, "/tags/");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _) = await RestJobs.GetAsync(bob, "/tags/?collab=other");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Comments_AreEditedAndDeletedByTheirAuthorOnly()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        var first = (await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["content"] = "first" })).Body.GetProperty("id").GetInt64();
        var second = (await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["content"] = "second" })).Body.GetProperty("id").GetInt64();

        var (status, edited) = await RestJobs.SendAsync(alice, HttpMethod.Put, $"/jobs/{id}/comments/{first}", new JsonObject { ["content"] = "first, edited" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("first, edited", edited.GetProperty("content").GetString());

        // Someone else's comment, a missing comment and a hidden job all answer 404 and change nothing.
        (status, var body) = await RestJobs.SendAsync(bob, HttpMethod.Put, $"/jobs/{id}/comments/{first}", new JsonObject { ["content"] = "bob was here" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Either there is no comment with id {first}, or you do not have access to it", RestJobs.Detail(body));
        (status, _) = await RestJobs.SendAsync(bob, HttpMethod.Delete, $"/jobs/{id}/comments/{first}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Delete, $"/jobs/{id}/comments/{second + 10}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await RestJobs.SendAsync(carol, HttpMethod.Delete, $"/jobs/{id}/comments/{first}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Either there is no job with id {id}, or you do not have access to it", RestJobs.Detail(body));
        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Put, $"/jobs/{id}/comments/{first}", new JsonObject { ["content"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Delete, $"/jobs/{id}/comments/{second}");
        Assert.Equal(HttpStatusCode.OK, status);
        var third = (await RestJobs.SendAsync(alice, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["content"] = "third" })).Body.GetProperty("id").GetInt64();
        Assert.NotEqual(first, third);

        var (_, comments) = await RestJobs.GetAsync(bob, $"/jobs/{id}/comments");
        Assert.Equal(["first, edited", "third"], comments.EnumerateArray().Select(c => c.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task LogAndOutputData_OfAJobRunByAnAdapter_AreServed_AndOutputUrlsNeedNoToken()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        var adapter = await TestAdapter.RegisterAsync(host, "grpc-site", "SpiNNaker");
        var leased = await adapter.LeaseJobAsync(id);
        await adapter.MarkRunningAsync(leased.Lease);
        await adapter.AppendLogAsync(leased.Lease, 0, "line one\n");
        await adapter.AppendLogAsync(leased.Lease, 1, "line two\n");
        await adapter.UploadAsync(leased.Lease, "results/spikes.txt", "0.1 0.2\n"u8.ToArray(), "text/plain");
        await adapter.CompleteAsync(leased.Lease);

        using var log = await alice.GetAsync(new Uri($"/jobs/{id}/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.Equal("text/plain", log.Content.Headers.ContentType!.MediaType);
        Assert.Equal("line one\nline two\n", await log.Content.ReadAsStringAsync());

        var (_, job) = await RestJobs.GetAsync(alice, $"/jobs/{id}?with_log=true");
        Assert.Equal("finished", job.GetProperty("status").GetString());
        Assert.Equal("line one\nline two\n", job.GetProperty("log").GetString());
        Assert.Equal(JsonValueKind.String, job.GetProperty("timestamp_completion").ValueKind);
        Assert.Equal(0.25, job.GetProperty("resource_usage").GetProperty("value").GetDouble());
        Assert.Equal("mock", job.GetProperty("provenance").GetProperty("backend").GetString());

        var (status, data) = await RestJobs.GetAsync(alice, $"/jobs/{id}/output_data");
        Assert.Equal(HttpStatusCode.OK, status);
        var file = data.GetProperty("files").EnumerateArray().Single();
        Assert.Equal("results/spikes.txt", file.GetProperty("path").GetString());
        Assert.Equal(8, file.GetProperty("size").GetInt64());
        using var anonymous = new HttpClient();
        Assert.Equal("0.1 0.2\n", await anonymous.GetStringAsync(new Uri(file.GetProperty("url").GetString()!)));
        Assert.Equal(file.GetProperty("url").GetString(), job.GetProperty("output_data").GetProperty("files")[0].GetProperty("url").GetString());
    }
}
