using System.Net;
using System.Text.Json.Nodes;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Jobs;

namespace Nmpi.Rest.Tests.Provider;

/// <summary>
/// The idempotent repeat of an ended job's last report answers with the whole job (code, user, outputs): only the site
/// that ran the job may get it; any other site's key learns nothing, as if the job did not exist.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class EndedJobScopingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RepeatedEndReport_ByAnotherSitesKey_IsNotFound_WhileTheSiteThatRanItGetsItsAnswer()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var heidelberg = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        using var manchester = RestClient.For(host, apiKey: PlatformHost.OtherSiteKey);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body(code: "print('secret of alice')"))).GetProperty("id").GetInt64();
        Assert.Equal(id, (await RestJobs.GetAsync(heidelberg, "/jobs/next/SpiNNaker")).Body.GetProperty("id").GetInt64());
        var (ended, _) = await RestJobs.SendAsync(heidelberg, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "finished" });
        Assert.Equal(HttpStatusCode.OK, ended);

        // The attack: another site that serves the same platform replays the end of jobs it never ran.
        foreach (var status in new[] { "finished", "error" })
        {
            var (answer, body) = await RestJobs.SendAsync(manchester, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = status });
            Assert.Equal(HttpStatusCode.NotFound, answer);
            Assert.DoesNotContain("secret of alice", body.ToString(), StringComparison.Ordinal);
            Assert.Equal($"Either there is no job with id {id}, or you do not have access to it", RestJobs.Detail(body));
        }

        var (again, job) = await RestJobs.SendAsync(heidelberg, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "finished" });
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("finished", job.GetProperty("status").GetString());
        Assert.Equal("finished", (await RestJobs.GetAsync(alice, $"/jobs/{id}")).Body.GetProperty("status").GetString());
    }
}
