using System.Globalization;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>The job list's user and date filters (run by ListJobs on the server) and its updates by push while jobs change.</summary>
[Collection(WebCollection.Name)]
public sealed class JobListLiveTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task UserAndDateFilters_RunOnTheServer_AndABadDateIsAClearError()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var mine = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: "by-alice");
        var admins = await Submit.JobAsync(host, PlatformHost.AdminToken, "neuro", tags: "by-admin");
        var day = mine.TimestampSubmission.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var before = mine.TimestampSubmission.ToDateTimeOffset().UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        await page.FillAsync("#filter-user", "admin");
        await page.ClickAsync("#job-filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("user=admin", StringComparison.Ordinal));
        Assert.Equal([admins.Id.ToString(CultureInfo.InvariantCulture)], await RowIdsAsync(page));

        await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs?from={day}&to={day}"));
        Assert.Equal(2, await page.Locator("#job-table tbody tr").CountAsync());
        Assert.Equal(day, await page.InputValueAsync("#filter-from"));
        await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs?user=alice&to={before}"));
        Assert.Equal("0 jobs", (await page.TextContentAsync("#job-count"))?.Trim());
        await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs?user=alice&from={day}"));
        Assert.Equal([mine.Id.ToString(CultureInfo.InvariantCulture)], await RowIdsAsync(page));

        var bad = await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs?from=yesterday&to={day}"));
        Assert.Equal(400, bad!.Status);
        Assert.Equal("from: 'yesterday' is not a date (YYYY-MM-DD)", (await page.TextContentAsync("#list-error"))?.Trim());
        await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs?from={day}&to={before}"));
        Assert.Equal($"to: {before} is before from ({day})", (await page.TextContentAsync("#list-error"))?.Trim());
        Assert.Equal(0, await page.Locator("#job-table").CountAsync());

        // Another collab's rows and change stream answer as a missing collab.
        foreach (var path in new[] { "/app/collabs/other/jobs/rows", "/app/collabs/other/jobs/changes" })
        {
            var response = await page.Context.APIRequest.GetAsync(host.Url(path));
            Assert.True(response.Status == 404, $"{path} answered {response.Status}");
        }
    }

    [Fact]
    public async Task JobList_UpdatesItselfByPush_WhenAJobIsSubmittedAndWhenItsStateChanges()
    {
        await using var host = await StartWithoutRecheckAsync();
        var adapter = await TestAdapter.RegisterAsync(host, "web-site", "Spikey");
        var first = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs?platform=Spikey"));
        await page.WaitForSelectorAsync("#job-results[data-live=open]");
        // From here on the list must change by itself: a reload would lose this mark.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        var second = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", script: "print('second')\n");
        await page.WaitForSelectorAsync($"tr[data-job-id='{second.Id}']");
        Assert.Equal("print('second')", await page.TextContentAsync($"tr[data-job-id='{second.Id}'] code"));
        Assert.Equal("2 jobs", (await page.TextContentAsync("#job-count"))?.Trim());

        var leased = await adapter.LeaseJobAsync(first.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        await page.WaitForSelectorAsync($"tr[data-job-id='{first.Id}'] .badge-running");
        await adapter.CompleteAsync(leased.Lease);
        await page.WaitForSelectorAsync($"tr[data-job-id='{first.Id}'] .badge-finished");

        // A job the filter leaves out does not show up.
        var elsewhere = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "SpiNNaker");
        await host.Jobs(PlatformHost.AliceToken).CancelJobAsync(new CancelJobRequest { Id = second.Id });
        await page.WaitForSelectorAsync($"tr[data-job-id='{second.Id}'] .badge-cancelled");
        Assert.Equal(0, await page.Locator($"tr[data-job-id='{elsewhere.Id}']").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        await Screenshots.TakeAsync(page, "job-list-live");
    }

    [Fact]
    public async Task OpenJobList_ShowsAJobAnotherMemberSubmitsOverGrpc_AndItsTagsAndRemoval_WithoutReload()
    {
        await using var host = await StartWithoutRecheckAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "bob", WebPlatform.BobPassword);
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        await page.WaitForSelectorAsync("#job-results[data-live=open]");
        Assert.Equal("0 jobs", (await page.TextContentAsync("#job-count"))?.Trim());
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // Alice submits with the gRPC API (as the CLI does); bob's open list learns of it from the collab's job feed.
        var earlier = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        await page.WaitForSelectorAsync($"tr[data-job-id='{earlier.Id}']");
        // The list has looked again since that job came, so the next one can appear only through its own notice.
        var alices = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", script: "print('from alice')\n");
        await page.WaitForSelectorAsync($"tr[data-job-id='{alices.Id}']");
        Assert.Equal("print('from alice')", await page.TextContentAsync($"tr[data-job-id='{alices.Id}'] code"));
        Assert.Equal("2 jobs", (await page.TextContentAsync("#job-count"))?.Trim());

        var grpc = host.Jobs(PlatformHost.AliceToken);
        await grpc.UpdateTagsAsync(new UpdateTagsRequest { Id = alices.Id, Add = { "pushed" } });
        await page.WaitForSelectorAsync($"tr[data-job-id='{alices.Id}'] .tag:text-is('pushed')");

        await grpc.CancelJobAsync(new CancelJobRequest { Id = alices.Id });
        await grpc.DeleteJobAsync(new DeleteJobRequest { Id = alices.Id });
        await page.WaitForSelectorAsync($"tr[data-job-id='{alices.Id}']", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        Assert.Equal("1 job", (await page.TextContentAsync("#job-count"))?.Trim());
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
    }

    /// <summary>
    /// The web platform with the open lists' slow recheck an hour away, far beyond every wait here: what a list shows
    /// within the test came from the collab's job feed.
    /// </summary>
    private Task<PlatformHost> StartWithoutRecheckAsync() =>
        PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Auth:Users:0:Password"] = WebPlatform.AlicePassword,
            ["Nmpi:Auth:Users:1:Password"] = WebPlatform.BobPassword,
            ["Nmpi:JobManager:JobList:FeedRecheck"] = "01:00:00",
        });

    private static async Task<List<string>> RowIdsAsync(Microsoft.Playwright.IPage page)
    {
        var ids = new List<string>();
        foreach (var row in await page.Locator("#job-table tbody tr").AllAsync())
        {
            ids.Add(await row.GetAttributeAsync("data-job-id") ?? "");
        }

        return ids;
    }
}
