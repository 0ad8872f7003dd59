using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>The statistics page's server-drawn charts, their text alternatives and tables, on a wide and a narrow screen.</summary>
[Collection(WebCollection.Name)]
public sealed class StatisticsPageTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task StatisticsPage_ChartsJobsPerPlatform_QueuesAndDurations_WithTitlesAndTables_AndFitsANarrowScreen()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var spikey = await TestAdapter.RegisterAsync(host, "spikey-site", "Spikey");
        var spinnaker = await TestAdapter.RegisterAsync(host, "spinnaker-site", "SpiNNaker");

        // Spikey: two finished, one error, one still running; SpiNNaker: one finished; BrainScaleS (no site): two waiting.
        await RunAsync(host, spikey, "Spikey", Outcome.Finished);
        await RunAsync(host, spikey, "Spikey", Outcome.Finished);
        await RunAsync(host, spikey, "Spikey", Outcome.Error);
        await RunAsync(host, spinnaker, "SpiNNaker", Outcome.Finished);
        await RunAsync(host, spikey, "Spikey", outcome: null);
        await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "BrainScaleS");
        await Submit.JobAsync(host, PlatformHost.CarolToken, "other", platform: "BrainScaleS");

        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url("/app/"));
        await page.ClickAsync("text=Platform statistics");
        await page.WaitForURLAsync(host.Url("/app/statistics"));

        // Jobs completed: today's period (the last) holds them all; every platform has a line and a column.
        var completed = page.Locator("#completed");
        Assert.Equal("img", await completed.Locator("svg").GetAttributeAsync("role"));
        Assert.Equal("Jobs completed per day, last 30 days", await completed.Locator("svg > title").TextContentAsync());
        var description = await completed.Locator("svg > desc").TextContentAsync() ?? "";
        Assert.Contains("Totals: BrainScaleS 0, SpiNNaker 1, BrainScaleS-ESS 0, Spikey 3.", description, StringComparison.Ordinal);
        Assert.Equal(4, await completed.Locator("polyline").CountAsync());
        var today = completed.Locator("table.chart-data tbody tr").Last;
        Assert.Equal("3", await today.Locator("td[data-series=Spikey]").TextContentAsync());
        Assert.Equal("1", await today.Locator("td[data-series=SpiNNaker]").TextContentAsync());
        Assert.Equal("0", await today.Locator("td[data-series=BrainScaleS]").TextContentAsync());
        Assert.Equal(30, await completed.Locator("table.chart-data tbody tr").CountAsync());

        // Queues now: waiting and running bars per platform, with the same numbers in the table.
        var queues = page.Locator("#queues");
        Assert.Equal("2", await queues.Locator("tr[data-category=BrainScaleS] td[data-series=Waiting]").TextContentAsync());
        Assert.Equal("0", await queues.Locator("tr[data-category=BrainScaleS] td[data-series=Running]").TextContentAsync());
        Assert.Equal("1", await queues.Locator("tr[data-category=Spikey] td[data-series=Running]").TextContentAsync());
        Assert.Equal("0", await queues.Locator("tr[data-category=Spikey] td[data-series=Waiting]").TextContentAsync());
        Assert.Equal("Waiting, BrainScaleS: 2", await queues.Locator("svg rect").First.Locator("title").TextContentAsync());
        Assert.Contains("BrainScaleS 2 waiting, 0 running; SpiNNaker 0 waiting, 0 running", await queues.Locator("svg > desc").TextContentAsync() ?? "", StringComparison.Ordinal);

        // Durations: one histogram per platform and end status that has jobs, counting each job once.
        var histograms = await page.Locator(".chart-grid figure").EvaluateAllAsync<string[]>("figures => figures.map(f => f.id)");
        Assert.Equal(["duration-SpiNNaker-finished", "duration-Spikey-finished", "duration-Spikey-error"], histograms);
        Assert.Equal(2, await SumAsync(page.Locator("#duration-Spikey-finished td[data-series=Jobs]")));
        Assert.Equal(1, await SumAsync(page.Locator("#duration-Spikey-error td[data-series=Jobs]")));
        Assert.Equal("Spikey, finished: 2 job(s)", await page.Locator("#duration-Spikey-finished svg > title").TextContentAsync());
        await Screenshots.TakeAsync(page, "statistics");

        // A phone: the charts shrink with the page, nothing scrolls sideways.
        await page.SetViewportSizeAsync(375, 800);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page fits a 375 px wide screen");
        var width = await page.Locator("#completed svg").EvaluateAsync<double>("svg => svg.getBoundingClientRect().width");
        Assert.InRange(width, 200, 375);
        await Screenshots.TakeAsync(page, "statistics-narrow");

        // Another span draws weekly periods; an unknown span is refused with a clear message.
        // The click loads a new page; wait for it rather than reading the old page's title.
        await page.ClickAsync("text=90 days");
        await page.WaitForURLAsync(url => url.Contains("days=90", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#completed svg > title")).ToHaveTextAsync("Jobs completed per week, last 90 days");
        var refused = await page.GotoAsync(host.Url("/app/statistics?days=7"));
        Assert.Equal(400, refused!.Status);
        Assert.Equal("days must be one of 30, 90, 365, not '7'.", await page.TextContentAsync("#problem-detail"));
    }

    /// <summary>Submits a job for alice, has the site start it and, unless the outcome is null, end it so.</summary>
    private static async Task RunAsync(PlatformHost host, TestAdapter site, string platform, Outcome? outcome)
    {
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: platform);
        var leased = await site.LeaseJobAsync(job.Id);
        await site.MarkRunningAsync(leased.Lease);
        if (outcome is { } ended)
        {
            await site.CompleteAsync(leased.Lease, ended, ended == Outcome.Error ? FailureReason.UserCodeError : FailureReason.Unspecified, ended == Outcome.Error ? "script failed" : "");
        }
    }

    private static async Task<long> SumAsync(ILocator cells) =>
        (await cells.AllTextContentsAsync()).Sum(text => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
}
