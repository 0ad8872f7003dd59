using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>
/// A real PyNN network submitted from the form, run by the real site adapter on Brian2, followed to the end without a
/// reload, its output downloaded, then resubmitted from its page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class PyNNJobTests(PostgresFixture postgres, BrowserFixture browser)
{
    // Brian2 compiles with Cython on a cold cache (CYTHON_CACHE_DIR shares a warmed one); the machine may be busy.
    private const float Within = 6 * 60 * 1000;

    [Fact]
    public async Task RealPyNNJob_FromTheForm_FinishesLive_ItsOutputDownloads_AndItResubmitsFromItsPage()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(host, "BrainScaleS-ESS", settings: new Dictionary<string, string?> { ["Backend"] = "brian2" });
        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "local", "examples", "network.py"));
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "BrainScaleS-ESS");
        await page.FillAsync("#code", script);
        await page.FillAsync("#tags", "pynn\nfrom-the-browser");
        await Screenshots.TakeAsync(page, "new-job-pynn");
        await page.ClickAsync("#submit-job");
        await page.WaitForURLAsync(JobPage());
        var id = IdOf(page.Url);

        // From here on the page must change by itself: a reload would lose this mark.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.WaitForSelectorAsync("#job-panel [data-status=finished], #job-panel [data-status=error]", new() { Timeout = Within });
        Assert.Equal("finished", await page.GetAttributeAsync("#job-panel [data-status]", "data-status"));
        await page.WaitForSelectorAsync("#job-outputs a:text('summary.txt')");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        await page.WaitForSelectorAsync("#job-live[data-live=ended]");
        Assert.Contains("recorded ", await page.TextContentAsync("#job-log") ?? "", StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "job-pynn-finished");

        using var http = new HttpClient();
        var summary = await http.GetStringAsync(await page.Locator("#job-outputs a", new() { HasText = "summary.txt" }).GetAttributeAsync("href"));
        Assert.Contains("backend=brian2\n", summary, StringComparison.Ordinal);
        Assert.Contains("cells=10\n", summary, StringComparison.Ordinal);

        await page.ClickAsync("#resubmit-job");
        await page.WaitForSelectorAsync("#resubmit-of");
        Assert.Equal("BrainScaleS-ESS", await page.InputValueAsync("#hardware_platform"));
        Assert.Equal(script.Replace("\r\n", "\n", StringComparison.Ordinal), await page.InputValueAsync("#code"));
        await page.ClickAsync("#submit-job");
        await page.WaitForURLAsync(JobPage());
        var again = IdOf(page.Url);
        Assert.NotEqual(id, again);
        await page.WaitForSelectorAsync("#job-panel [data-status=finished], #job-panel [data-status=error]", new() { Timeout = Within });
        Assert.Equal("finished", await page.GetAttributeAsync("#job-panel [data-status]", "data-status"));
        var rerun = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = again });
        Assert.Equal(["pynn", "from-the-browser"], rerun.Tags);
        Assert.Equal(["results.pkl", "summary.txt"], rerun.OutputData.Select(o => o.Path).Order(StringComparer.Ordinal));
    }

    private static long IdOf(string url) => long.Parse(url[(url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nmpi.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (Nmpi.Orleans.sln) is not above the test binaries.");
    }

    [GeneratedRegex("/app/jobs/[0-9]+$")]
    private static partial Regex JobPage();
}
