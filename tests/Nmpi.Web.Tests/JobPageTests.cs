using System.Globalization;
using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>The new-job form, the job page following its job live (Server-Sent Events), outputs, cancel and delete.</summary>
[Collection(WebCollection.Name)]
public sealed class JobPageTests(PostgresFixture postgres, BrowserFixture browser, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    [Fact]
    public async Task NewJobForm_ShowsErrorsBesideTheFields_ThenSubmits_AndTheJobPageFollowsStateLogAndOutputsWithoutReload()
    {
        var host = await platform.StartAsync(postgres);
        var adapter = await TestAdapter.RegisterAsync(host, "web-site", "Spikey");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "Spikey");
        await page.FillAsync("#hardware_config", """{"WAFER_MODULE": 3}""");
        await page.ClickAsync("#submit-job");
        Assert.Equal("must not be empty", await page.TextContentAsync(".field-error[data-field=code]"));
        Assert.Contains("WAFER_MODULE", await page.TextContentAsync(".field-error[data-field=hardware_config]"), StringComparison.Ordinal);
        // A refused form comes back as it was typed.
        Assert.Equal("Spikey", await page.InputValueAsync("#hardware_platform"));
        Assert.Equal("""{"WAFER_MODULE": 3}""", await page.InputValueAsync("#hardware_config"));
        await Screenshots.TakeAsync(page, "new-job-errors");

        await page.FillAsync("#code", "import pyNN\nprint('spikes')\n");
        await page.FillAsync("#hardware_config", "");
        await page.FillAsync("#tags", "from-the-web\nfirst");
        await page.ClickAsync("#submit-job");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app/jobs/[0-9]+$"));
        var id = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        Assert.Equal("import pyNN\nprint('spikes')\n", await page.TextContentAsync("#job-code"));
        var job = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = id });
        Assert.Equal(["from-the-web", "first"], job.Tags);

        // From here on the page must change by itself: a reload would lose this mark.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var leased = await adapter.LeaseJobAsync(id);
        await adapter.MarkRunningAsync(leased.Lease);
        await page.WaitForSelectorAsync("#job-panel [data-status=running]");
        await adapter.AppendLogAsync(leased.Lease, 0, "simulation step 1 of 2\n");
        await adapter.AppendLogAsync(leased.Lease, 1, "simulation step 2 of 2\n");
        await page.WaitForFunctionAsync("() => document.getElementById('job-log').textContent.includes('step 2 of 2')");
        Assert.Equal("simulation step 1 of 2\nsimulation step 2 of 2\n", await page.TextContentAsync("#job-log"));
        await Screenshots.TakeAsync(page, "job-running");

        var content = "time,neuron\n0.1,3\n"u8.ToArray();
        await adapter.UploadAsync(leased.Lease, "spikes.csv", content, "text/csv");
        await adapter.CompleteAsync(leased.Lease);
        await page.WaitForSelectorAsync("#job-panel [data-status=finished]");
        var link = page.Locator("#job-outputs a", new() { HasText = "spikes.csv" });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        await Screenshots.TakeAsync(page, "job-finished");

        // The download link is a capability URL: it works without the session.
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(await link.GetAttributeAsync("href")));

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("finished", await page.TextContentAsync($"tr[data-job-id='{id}'] .badge"));
        await Screenshots.TakeAsync(page, "job-list");
    }

    [Fact]
    public async Task CancelButton_OnARunningJob_ShowsCancellingUntilTheSiteConfirms_ThenDeleteHidesIt()
    {
        var host = await platform.StartAsync(postgres);
        var adapter = await TestAdapter.RegisterAsync(host, "web-cancel-site", "Spikey");
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var leased = await adapter.LeaseJobAsync(job.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync(host.Url($"/app/jobs/{job.Id}"));
        await page.ClickAsync("#cancel-job");
        await page.WaitForSelectorAsync("#job-panel [data-status=cancelling]");
        Assert.Equal(JobStatus.Cancelling, (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Status);

        await adapter.CompleteAsync(leased.Lease, Outcome.Cancelled);
        await page.WaitForSelectorAsync("#job-panel [data-status=cancelled]");
        Assert.Equal(0, await page.Locator("#cancel-job").CountAsync());

        await page.ClickAsync("#delete-job");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(0, await page.Locator($"tr[data-job-id='{job.Id}']").CountAsync());
    }

    [Fact]
    public async Task AnotherCollabsJob_ByItsUrl_AnswersNotFound_ExactlyAsAMissingJob()
    {
        var host = await platform.StartAsync(postgres);
        var secret = await Submit.JobAsync(host, PlatformHost.CarolToken, "other", script: "print('carol-secret-model')\n");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        var hidden = await page.GotoAsync(host.Url($"/app/jobs/{secret.Id}"));
        var hiddenText = await page.TextContentAsync("main");
        await Screenshots.TakeAsync(page, "not-found");
        var missing = await page.GotoAsync(host.Url($"/app/jobs/{secret.Id + 1000}"));
        var missingText = await page.TextContentAsync("main");

        Assert.Equal(404, hidden!.Status);
        Assert.Equal(404, missing!.Status);
        Assert.Equal(missingText!.Replace((secret.Id + 1000).ToString(CultureInfo.InvariantCulture), "ID", StringComparison.Ordinal),
            hiddenText!.Replace(secret.Id.ToString(CultureInfo.InvariantCulture), "ID", StringComparison.Ordinal));
        foreach (var path in new[] { $"/app/jobs/{secret.Id}/panel", $"/app/jobs/{secret.Id}/events", "/app/collabs/other/jobs", "/app/collabs/other/jobs/new", "/app/collabs/other/quotas" })
        {
            var response = await page.Context.APIRequest.GetAsync(host.Url(path));
            var body = await response.TextAsync();
            Assert.True(response.Status == 404, $"{path} answered {response.Status}");
            Assert.DoesNotContain("carol-secret-model", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AViewer_SeesTheCollabsJobs_ButGetsNoNewJobButton_AndTheFormRefusesToSubmit()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "bob", WebPlatform.BobPassword);

        Assert.Equal(["Jobs", "Quotas"], await page.Locator("article.card[data-collab=neuro] nav a").AllTextContentsAsync());
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(1, await page.Locator($"tr[data-job-id='{job.Id}']").CountAsync());

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "Spikey");
        await page.FillAsync("#code", "print('from bob')\n");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#submit-job"), r => r.Request.Method == "POST");

        Assert.Equal(403, refused.Status);
        Assert.Equal("Submitting to collab 'neuro' needs the editor or administrator role.", await page.TextContentAsync(".field-error[data-field='']"));
        var list = await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" });
        Assert.Equal(1, list.TotalCount);
    }

    [Fact]
    public async Task JobList_FiltersOnTheServer_AndPagesWithListJobsPageTokens()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        for (var i = 0; i < 21; i++)
        {
            await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: "bulk");
        }

        var special = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "SpiNNaker", tags: "special");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("22 jobs", await page.TextContentAsync("#job-count"));
        Assert.Equal(20, await page.Locator("#job-table tbody tr").CountAsync());
        Assert.Equal(special.Id.ToString(CultureInfo.InvariantCulture), await page.Locator("#job-table tbody tr").First.GetAttributeAsync("data-job-id"));
        await page.ClickAsync("#page-next");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]page="));
        Assert.Equal(2, await page.Locator("#job-table tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("#page-next").CountAsync());

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        await page.SelectOptionAsync("#filter-platform", "SpiNNaker");
        await page.ClickAsync("#job-filters button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("platform=SpiNNaker"));
        Assert.Equal([special.Id.ToString(CultureInfo.InvariantCulture)],
            await page.Locator("#job-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.jobId)"));

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs?tag=bulk&status=finished"));
        Assert.Equal("0 jobs", await page.TextContentAsync("#job-count"));
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs?tag=bulk&status=submitted"));
        Assert.Equal("21 jobs", await page.TextContentAsync("#job-count"));

        var bad = await page.GotoAsync(host.Url("/app/collabs/neuro/jobs?status=sleeping"));
        Assert.Equal(400, bad!.Status);
        Assert.Equal("status: no job state is called 'sleeping'", await page.TextContentAsync("#list-error"));
    }
}
