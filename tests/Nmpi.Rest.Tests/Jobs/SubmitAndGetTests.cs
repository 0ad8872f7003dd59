using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

[Collection(RestPostgresCollection.Name)]
public sealed class SubmitAndGetTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Post_Answers201WithTheV3Job_AndGetReturnsIt()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var body = RestJobs.Body(tags: ["first", "demo"]);
        body["hardware_config"] = new JsonObject { ["spynnaker_version"] = "master" };
        body["input_data"] = new JsonArray(new JsonObject { ["url"] = "https://example.org/data/in.txt" });

        var created = await RestJobs.SubmitAsync(alice, body);

        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/jobs/{id}", created.GetProperty("resource_uri").GetString());
        Assert.Equal("submitted", created.GetProperty("status").GetString());
        Assert.Equal("alice", created.GetProperty("user_id").GetString());
        Assert.Equal("neuro", created.GetProperty("collab").GetString());
        Assert.Equal(RestJobs.Script, created.GetProperty("code").GetString());
        Assert.Equal(["first", "demo"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("master", created.GetProperty("hardware_config").GetProperty("spynnaker_version").GetString());
        Assert.Equal("https://example.org/data/in.txt", created.GetProperty("input_data")[0].GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("timestamp_completion").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("output_data").ValueKind);
        var submitted = DateTimeOffset.Parse(created.GetProperty("timestamp_submission").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, submitted.Offset);

        // The same job through gRPC: the REST surface stores nothing of its own.
        var wire = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = id });
        Assert.Equal(RestJobs.Script, wire.Code.Inline);

        var (status, fetched) = await RestJobs.GetAsync(alice, $"/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, fetched.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("log").ValueKind);

        // Repeated slashes are tolerated, as by v3.
        using var doubled = await alice.GetAsync(new Uri(host.HttpUrl.TrimEnd('/') + $"//jobs//{id}"));
        Assert.Equal(HttpStatusCode.OK, doubled.StatusCode);
    }

    [Theory]
    [InlineData("https://example.org/models/model.zip", JobCode.SourceOneofCase.ArchiveUrl)]
    [InlineData("https://example.org/models/model.tar.gz", JobCode.SourceOneofCase.ArchiveUrl)]
    [InlineData("https://github.com/example/model.git", JobCode.SourceOneofCase.GitUrl)]
    [InlineData("https://github.com/example/model", JobCode.SourceOneofCase.GitUrl)]
    [InlineData("print('https://example.org')", JobCode.SourceOneofCase.Inline)]
    public async Task Post_CodeString_IsAScriptOrTheUrlItNames(string code, JobCode.SourceOneofCase expected)
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);

        var created = await RestJobs.SubmitAsync(alice, RestJobs.Body(code: code));

        var wire = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = created.GetProperty("id").GetInt64() });
        Assert.Equal(expected, wire.Code.SourceCase);
        Assert.Equal(code, created.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_BadBodies_Answer422NamingTheField_AndSubmitNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);

        var missingCode = RestJobs.Body();
        missingCode.Remove("code");
        var (status, body) = await RestJobs.SendAsync(alice, HttpMethod.Post, "/jobs/", missingCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["body", "code"], body.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(p => p.GetString()));

        (status, body) = await RestJobs.SendAsync(alice, HttpMethod.Post, "/jobs/", RestJobs.Body(platform: "spinnaker"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("hardware_platform", body.GetProperty("detail")[0].GetProperty("loc")[1].GetString());
        Assert.Contains("SpiNNaker", body.GetProperty("detail")[0].GetProperty("msg").GetString(), StringComparison.Ordinal);

        var badConfig = RestJobs.Body();
        badConfig["hardware_config"] = new JsonArray(1, 2);
        (status, _) = await RestJobs.SendAsync(alice, HttpMethod.Post, "/jobs/", badConfig);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        using var notJson = await alice.PostAsync(new Uri("/jobs/", UriKind.Relative), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notJson.StatusCode);

        var listed = await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" });
        Assert.Equal(0, listed.TotalCount);
    }

    [Fact]
    public async Task Post_ToACollabOfOthers_Answers404_AndWithoutCredentials401()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        using var anonymous = RestClient.For(host);

        var (status, body) = await RestJobs.SendAsync(carol, HttpMethod.Post, "/jobs/", RestJobs.Body("neuro"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("You do not have access to this collab or there is no collab with this id", RestJobs.Detail(body));

        (status, _) = await RestJobs.SendAsync(anonymous, HttpMethod.Post, "/jobs/", RestJobs.Body("neuro"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        using var wrongToken = RestClient.For(host, "token-nobody-0123456789");
        (status, _) = await RestJobs.GetAsync(wrongToken, "/jobs/");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Post_WithoutQuota_Answers403WithTheV3Text()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        using var dave = RestClient.For(host, QuotaHost.DaveToken);

        var (status, body) = await RestJobs.SendAsync(dave, HttpMethod.Post, "/jobs/", RestJobs.Body(QuotaHost.Lab));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("You do not have sufficient compute quota to submit this job", RestJobs.Detail(body));
        var listed = await host.Jobs(QuotaHost.DaveToken).ListJobsAsync(new ListJobsRequest { Collab = QuotaHost.Lab });
        Assert.Equal(0, listed.TotalCount);
    }

    [Fact]
    public async Task JobOfAnotherCollab_AndMissingJob_Answer404WithTheSameText()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var carol = RestClient.For(host, PlatformHost.CarolToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        var missing = id + 1000;

        foreach (var path in new[] { "", "/log", "/comments", "/tags", "/output_data" })
        {
            var (status, body) = await RestJobs.GetAsync(carol, $"/jobs/{id}{path}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal($"Either there is no job with id {id}, or you do not have access to it", RestJobs.Detail(body));

            (status, body) = await RestJobs.GetAsync(alice, $"/jobs/{missing}{path}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal($"Either there is no job with id {missing}, or you do not have access to it", RestJobs.Detail(body));
        }

        var (deleted, deleteBody) = await RestJobs.SendAsync(carol, HttpMethod.Delete, $"/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, deleted);
        Assert.Equal($"Either there is no job with id {id}, or you do not have access to it", RestJobs.Detail(deleteBody));
        var (tagged, _) = await RestJobs.SendAsync(carol, HttpMethod.Post, $"/jobs/{id}/tags/", new JsonArray("mine"));
        Assert.Equal(HttpStatusCode.NotFound, tagged);
        var (commented, _) = await RestJobs.SendAsync(carol, HttpMethod.Post, $"/jobs/{id}/comments/", new JsonObject { ["content"] = "hi" });
        Assert.Equal(HttpStatusCode.NotFound, commented);

        // Nothing changed.
        var (_, job) = await RestJobs.GetAsync(alice, $"/jobs/{id}?with_comments=true");
        Assert.Equal("submitted", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("tags").GetArrayLength());
        Assert.Equal(0, job.GetProperty("comments").GetArrayLength());
    }
}
