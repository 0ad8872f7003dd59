using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Jobs;

namespace Nmpi.Rest.Tests.Provider;

[Collection(RestPostgresCollection.Name)]
public sealed class ProviderRefusalTests(PostgresFixture postgres)
{
    [Fact]
    public async Task BadOrMissingCredentials_Answer401Or403_NeverA500()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        using var nobody = RestClient.For(host);
        using var wrongKey = RestClient.For(host, apiKey: "key-nobody-0123456789");
        using var longKey = RestClient.For(host, apiKey: new string('k', 5000));

        foreach (var client in new[] { nobody, wrongKey, longKey })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RestJobs.GetAsync(client, "/jobs/next/SpiNNaker")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RestJobs.SendAsync(client, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "running" })).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RestJobs.SendAsync(client, HttpMethod.Patch, $"/jobs/{id}/log")).Status);
        }

        // A user's token is the wrong kind of credential for the site endpoints.
        Assert.Equal(HttpStatusCode.Forbidden, (await RestJobs.GetAsync(alice, "/jobs/next/SpiNNaker")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await RestJobs.SendAsync(alice, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "finished" })).Status);

        // A key polling a platform it does not serve.
        using var manchester = RestClient.For(host, apiKey: PlatformHost.OtherSiteKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await RestJobs.GetAsync(manchester, "/jobs/next/BrainScaleS")).Status);

        // The job is untouched.
        Assert.Equal("submitted", (await RestJobs.GetAsync(alice, $"/jobs/{id}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReportsWithoutTheLease_OrForOtherPlatforms_OrMalformed_AreRefused_AndChangeNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres, SiteFileServer.TrustedBy("mcr"));
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var heidelberg = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        using var manchester = RestClient.For(host, apiKey: PlatformHost.OtherSiteKey);
        var queued = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        var wafer = (await RestJobs.SubmitAsync(alice, RestJobs.Body(platform: "BrainScaleS"))).GetProperty("id").GetInt64();

        // Not claimed yet: no site may report on it.
        var (status, body) = await RestJobs.SendAsync(heidelberg, HttpMethod.Put, $"/jobs/{queued}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("GET /jobs/next/SpiNNaker", RestJobs.Detail(body), StringComparison.Ordinal);

        // Claimed by Manchester: to Heidelberg the job is now as if it did not exist.
        Assert.Equal(queued, (await RestJobs.GetAsync(manchester, "/jobs/next/SpiNNaker")).Body.GetProperty("id").GetInt64());
        (status, body) = await RestJobs.SendAsync(heidelberg, HttpMethod.Put, $"/jobs/{queued}", new JsonObject { ["status"] = "finished" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Either there is no job with id {queued}, or you do not have access to it", RestJobs.Detail(body));
        using (var log = await heidelberg.PatchAsync(new Uri($"/jobs/{queued}/log", UriKind.Relative), new StringContent("x", Encoding.UTF8)))
        {
            Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
        }

        // Manchester does not serve BrainScaleS: that job does not exist for it; nor does a job that was never submitted.
        (status, body) = await RestJobs.SendAsync(manchester, HttpMethod.Put, $"/jobs/{wafer}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Either there is no job with id {wafer}, or you do not have access to it", RestJobs.Detail(body));
        (status, _) = await RestJobs.SendAsync(manchester, HttpMethod.Put, $"/jobs/{wafer + 100}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.NotFound, status);

        // Malformed updates name the field.
        foreach (var bad in new JsonObject[]
        {
            new() { ["status"] = "removed" },
            new() { ["log"] = "no status" },
            new() { ["status"] = "finished", ["resource_usage"] = 3 },
            new() { ["status"] = "finished", ["output_data"] = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["url"] = "ftp://x/y" }) } },
        })
        {
            (status, body) = await RestJobs.SendAsync(manchester, HttpMethod.Put, $"/jobs/{queued}", bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("body", body.GetProperty("detail")[0].GetProperty("loc")[0].GetString());
        }

        // An output URL that cannot be fetched fails the report before the job ends.
        var missing = new JsonObject
        {
            ["status"] = "finished",
            ["output_data"] = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["url"] = $"{host.HttpUrl.TrimEnd('/')}/no/such/file.txt" }) },
        };
        (status, _) = await RestJobs.SendAsync(manchester, HttpMethod.Put, $"/jobs/{queued}", missing);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        Assert.Equal("validated", (await RestJobs.GetAsync(alice, $"/jobs/{queued}")).Body.GetProperty("status").GetString());
        Assert.Equal("submitted", (await RestJobs.GetAsync(alice, $"/jobs/{wafer}")).Body.GetProperty("status").GetString());
    }
}
