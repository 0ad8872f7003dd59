using System.Net;
using System.Net.Http.Headers;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Web.Tests;

/// <summary>The operator's read-only switch over gRPC, REST and the pages, and the degraded banner from the health probe.</summary>
[Collection(WebCollection.Name)]
public sealed class ServiceModeTests(PostgresFixture postgres, BrowserFixture browser)
{
    private const string Maintenance = "Database upgrade until 14:00 UTC; jobs keep running.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ReadOnly_RefusesEveryUserWrite_WithReadOnlyAndTheMessage_WhileSitesStillFinishTheirJobs_AndEveryPageSaysSo()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "ro-site", "Spikey");
        var running = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var leased = await adapter.LeaseJobAsync(running.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        var queued = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "BrainScaleS");

        host.SetReadOnly(true, Maintenance);

        // gRPC: submit, cancel and tags are refused with the reason and the operator's message, and change nothing.
        var submit = await Assert.ThrowsAsync<RpcException>(() => Submit.JobAsync(host, PlatformHost.AliceToken, "neuro"));
        AssertReadOnly(submit);
        AssertReadOnly(await Assert.ThrowsAsync<RpcException>(() => alice.CancelJobAsync(new CancelJobRequest { Id = queued.Id }).ResponseAsync));
        AssertReadOnly(await Assert.ThrowsAsync<RpcException>(() => alice.UpdateTagsAsync(new UpdateTagsRequest { Id = queued.Id, Add = { "x" } }).ResponseAsync));
        Assert.Equal(JobStatus.Submitted, (await alice.GetJobAsync(new GetJobRequest { Id = queued.Id })).Status);
        Assert.Empty((await alice.GetJobAsync(new GetJobRequest { Id = queued.Id })).Tags);
        var listed = await alice.ListJobsAsync(new ListJobsRequest { Collab = "neuro" });
        Assert.Equal(2, listed.Jobs.Count);

        // REST (in-process calls): deleting the queued job would cancel it, which is refused the same way.
        using var http = new HttpClient();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, host.Url($"/jobs/{queued.Id}"));
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PlatformHost.AliceToken);
        using var refused = await http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains(Maintenance, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JobStatus.Submitted, (await alice.GetJobAsync(new GetJobRequest { Id = queued.Id })).Status);

        // The site is not a user: its reports still land, so the running job finishes.
        await adapter.AppendLogAsync(leased.Lease, 0, "still running during maintenance\n");
        await adapter.CompleteAsync(leased.Lease);
        Assert.Equal(JobStatus.Finished, (await alice.GetJobAsync(new GetJobRequest { Id = running.Id })).Status);

        // Pages: signing in still works, and every page carries the message.
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        Assert.Equal("Read-only. " + Maintenance, (await page.TextContentAsync("#banner-read-only"))?.Trim());
        await page.GotoAsync(host.Url($"/app/jobs/{running.Id}"));
        Assert.Equal("Read-only. " + Maintenance, (await page.TextContentAsync("#banner-read-only"))?.Trim());
        Assert.Contains("read-only", await page.GetAttributeAsync("#service-banner", "class") ?? "", StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "banner-read-only");

        // Switched back by a configuration reload: writes work again and the banner's read-only line is gone.
        host.SetReadOnly(false, "");
        await alice.CancelJobAsync(new CancelJobRequest { Id = queued.Id });
        await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("#banner-read-only").CountAsync());
    }

    [Fact]
    public async Task Degraded_TheBannerNamesPlatformsWithoutASite_AndAnUnreachableDatabase_UntilTheyAreBack()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        // No site has registered yet: every platform is named.
        var banner = await BannerAsync(page, host, b => b.Contains("No site is online for", StringComparison.Ordinal));
        foreach (var platform in new[] { "BrainScaleS", "SpiNNaker", "BrainScaleS-ESS", "Spikey" })
        {
            Assert.Contains(platform, banner, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Read-only", banner, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "banner-degraded");

        // A Spikey site comes online and keeps long-polling: Spikey leaves the banner, the others stay.
        using var stop = new CancellationTokenSource();
        var adapter = await TestAdapter.RegisterAsync(host, "spikey-site", "Spikey");
        var polling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await adapter.LeaseAsync(1, TimeSpan.FromSeconds(5));
                }
                catch (RpcException)
                {
                    // While the database is away the gateway may refuse a poll; the site simply polls again.
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        });
        banner = await BannerAsync(page, host, b => !b.Contains("Spikey", StringComparison.Ordinal));
        Assert.Contains("No site is online for BrainScaleS, SpiNNaker, BrainScaleS-ESS:", banner, StringComparison.Ordinal);

        // The platform's database stops taking connections: the banner says so, and stops saying so once it is back.
        var database = new NpgsqlConnectionStringBuilder(host.ConnectionString).Database!;
        await AllowConnectionsAsync(database, false);
        try
        {
            await BannerAsync(page, host, b => b.Contains("The database cannot be reached", StringComparison.Ordinal));
        }
        finally
        {
            await AllowConnectionsAsync(database, true);
        }

        await BannerAsync(page, host, b => !b.Contains("database", StringComparison.Ordinal));
        await stop.CancelAsync();
        await polling;
    }

    private static void AssertReadOnly(RpcException e)
    {
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(Maintenance, e.Status.Detail);
        var info = e.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal("READ_ONLY", info?.Reason);
        Assert.Equal("nmpi.v1", info?.Domain);
    }

    /// <summary>Reloads the home page until the banner's text satisfies the condition, and returns that text.</summary>
    private static async Task<string> BannerAsync(IPage page, PlatformHost host, Func<string, bool> condition)
    {
        var text = "";
        await Eventually.HoldsAsync(
            async () =>
            {
                await page.GotoAsync(host.Url("/app/"));
                var banner = page.Locator("#service-banner");
                text = await banner.CountAsync() == 0 ? "" : (await banner.TextContentAsync() ?? "");
                return condition(text);
            },
            Patience,
            "the banner to change");
        return text;
    }

    private async Task AllowConnectionsAsync(string database, bool allow)
    {
        await using var admin = new NpgsqlConnection(postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allow)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", admin);
            terminate.Parameters.AddWithValue(database);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
