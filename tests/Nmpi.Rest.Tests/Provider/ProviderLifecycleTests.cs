using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Jobs;

namespace Nmpi.Rest.Tests.Provider;

[Collection(RestPostgresCollection.Name)]
public sealed class ProviderLifecycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task UserSubmits_SiteClaimsRunsLogsAndFinishes_OverRestOnly_AndTheUserSeesTheResult()
    {
        await using var host = await QuotaHost.StartAsync(postgres, SiteFileServer.TrustedBy("hd"));
        await using var files = await SiteFileServer.StartAsync();
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();

        var (status, next) = await RestJobs.GetAsync(site, "/jobs/next/SpiNNaker");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, next.GetProperty("id").GetInt64());
        Assert.Equal(RestJobs.Script, next.GetProperty("code").GetString());
        Assert.Equal("validated", next.GetProperty("status").GetString());

        (status, var running) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal("running", (await RestJobs.GetAsync(alice, $"/jobs/{id}")).Body.GetProperty("status").GetString());

        // A running job cannot be deleted (removed) by its owner: it has to end first.
        var (deleteStatus, deleteBody) = await RestJobs.SendAsync(alice, HttpMethod.Delete, $"/jobs/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, deleteStatus);
        Assert.Contains("running", RestJobs.Detail(deleteBody), StringComparison.Ordinal);
        Assert.Equal("running", (await RestJobs.GetAsync(alice, $"/jobs/{id}")).Body.GetProperty("status").GetString());

        await SendText(site, HttpMethod.Patch, $"/jobs/{id}/log", "step 1\n");
        await SendText(site, HttpMethod.Patch, $"/jobs/{id}/log", "step 2\n");

        // A site re-sending its whole log: only the new part is added.
        await SendText(site, HttpMethod.Put, $"/jobs/{id}/log", "step 1\nstep 2\nstep 3\n");

        var spikes = files.Serve("/results/spikes.txt", "0.5 1.5\n"u8.ToArray());
        var finished = new JsonObject
        {
            ["status"] = "finished",
            ["log"] = "step 1\nstep 2\nstep 3\ndone\n",
            ["resource_usage"] = new JsonObject { ["value"] = 0.5, ["units"] = "core-hours" },
            ["provenance"] = new JsonObject { ["spynnaker_version"] = "7.0" },
            ["output_data"] = new JsonObject
            {
                ["repository"] = "site storage",
                ["files"] = new JsonArray(new JsonObject { ["url"] = spikes, ["path"] = "results/spikes.txt" }),
            },
        };
        (status, var ended) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", finished);
        Assert.True(status == HttpStatusCode.OK, $"PUT finished answered {status}: {ended}");
        Assert.Equal("finished", ended.GetProperty("status").GetString());

        var (_, job) = await RestJobs.GetAsync(alice, $"/jobs/{id}?with_log=true");
        Assert.Equal("finished", job.GetProperty("status").GetString());
        Assert.Equal("step 1\nstep 2\nstep 3\ndone\n", job.GetProperty("log").GetString());
        Assert.Equal(0.5, job.GetProperty("resource_usage").GetProperty("value").GetDouble());
        Assert.Equal("7.0", job.GetProperty("provenance").GetProperty("spynnaker_version").GetString());
        var file = job.GetProperty("output_data").GetProperty("files")[0];
        Assert.Equal("results/spikes.txt", file.GetProperty("path").GetString());
        using var anonymous = new HttpClient();
        Assert.Equal("0.5 1.5\n", await anonymous.GetStringAsync(new Uri(file.GetProperty("url").GetString()!)));

        // The charge happens once; the same end reported again (even with other usage) changes and charges nothing.
        await Eventually.HoldsAsync(
            async () => (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "SpiNNaker"))!.Used > 0,
            TimeSpan.FromSeconds(30),
            "the finished job is charged");
        finished["resource_usage"] = new JsonObject { ["value"] = 9.0, ["units"] = "core-hours" };
        finished["output_data"] = new JsonObject { ["repository"] = "site storage", ["files"] = new JsonArray(new JsonObject { ["url"] = spikes, ["path"] = "results/spikes.txt" }) };
        (status, var repeated) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", finished);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0.5, repeated.GetProperty("resource_usage").GetProperty("value").GetDouble());
        Assert.Single(repeated.GetProperty("output_data").GetProperty("files").EnumerateArray());
        Assert.Equal(0.5, (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "SpiNNaker"))!.Used, 6);
        Assert.Equal(1L, await host.ScalarAsync($"SELECT count(*) FROM nmpi_quota_ledger WHERE job_id = {id}"));

        // Illegal moves after the end are refused with the reason.
        (status, var refused) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Job {id} has already ended (finished); it takes no more reports.", RestJobs.Detail(refused));
        using var lateLog = await site.PatchAsync(new Uri($"/jobs/{id}/log", UriKind.Relative), new StringContent("late\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Conflict, lateLog.StatusCode);
    }

    [Fact]
    public async Task ConcurrentPollers_NeverGetTheSameJob_AndEveryJobIsClaimedOnce()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var submitted = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            submitted.Add((await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64());
        }

        // Two sites serve SpiNNaker; each runs two pollers with the same key.
        var claimed = new ConcurrentBag<long>();
        async Task Poll(string key)
        {
            using var site = RestClient.For(host, apiKey: key);
            while (true)
            {
                var (status, body) = await RestJobs.GetAsync(site, "/jobs/next/SpiNNaker");
                if (status == HttpStatusCode.NotFound)
                {
                    Assert.Equal("No queued job for SpiNNaker", RestJobs.Detail(body));
                    return;
                }

                Assert.Equal(HttpStatusCode.OK, status);
                claimed.Add(body.GetProperty("id").GetInt64());
            }
        }

        await Task.WhenAll(Poll(PlatformHost.SiteKey), Poll(PlatformHost.SiteKey), Poll(PlatformHost.OtherSiteKey), Poll(PlatformHost.OtherSiteKey));

        Assert.Equal(submitted.Order(), claimed.Order());
    }

    [Fact]
    public async Task SiteGivesAJobBack_WithStatusSubmitted_AndItIsClaimedAgain()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body(platform: "Spikey"))).GetProperty("id").GetInt64();
        Assert.Equal(id, (await RestJobs.GetAsync(site, "/jobs/next/Spikey")).Body.GetProperty("id").GetInt64());

        var (status, returned) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "submitted" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("submitted", returned.GetProperty("status").GetString());
        Assert.Equal(id, (await RestJobs.GetAsync(site, "/jobs/next/Spikey")).Body.GetProperty("id").GetInt64());
    }

    private static async Task SendText(HttpClient site, HttpMethod method, string path, string text)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        using var response = await site.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
