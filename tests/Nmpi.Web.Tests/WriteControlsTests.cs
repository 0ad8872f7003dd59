using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Which controls the pages offer: the review link to administrators, no write controls while read-only or to a collab's viewers.</summary>
[Collection(WebCollection.Name)]
public sealed class WriteControlsTests(PostgresFixture postgres, BrowserFixture browser, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    private const string Maintenance = "Moving to the new database server; back at 15:00 UTC.";

    // Every control of the pages that writes; none of them may be shown while the service is read-only.
    private static readonly string[] JobWriteControls =
        ["#resubmit-job", "#cancel-job", "#delete-job", "#add-tag", "button.remove-tag", "#add-comment", "details.comment-edit", "button.delete-comment"];

    [Fact]
    public async Task TheReviewLink_IsInTheHeaderOfAdministratorsOnly_AndReachedByKeyboard()
    {
        var host = await platform.StartAsync(postgres);
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(host, "admin", WebPlatform.AdminPassword);
        Assert.Equal("Review requests", (await admin.TextContentAsync("header.top #review-link"))?.Trim());

        // Keyboard: the next stop after the site's name is the link, and Enter opens the review page.
        await admin.FocusAsync("header.top a.brand");
        await admin.Keyboard.PressAsync("Tab");
        Assert.Equal("review-link", await admin.EvaluateAsync<string>("() => document.activeElement.id"));
        await admin.Keyboard.PressAsync("Enter");
        // The address and the page's own content show the move; waiting for the load event instead once timed out
        // after 90 s on a loaded CI machine.
        await Assertions.Expect(admin).ToHaveURLAsync(host.Url("/app/admin/requests"));
        await admin.WaitForSelectorAsync("#no-pending");
        // Every page carries it, the job pages too.
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        await admin.GotoAsync(host.Url($"/app/jobs/{job.Id}"));
        Assert.Equal(1, await admin.Locator("#review-link").CountAsync());

        foreach (var (user, password) in new[] { ("alice", WebPlatform.AlicePassword), ("bob", WebPlatform.BobPassword) })
        {
            var page = await browser.NewPageAsync();
            await page.SignInAsync(host, user, password);
            Assert.Equal(0, await page.Locator("#review-link").CountAsync());
            await page.GotoAsync(host.Url($"/app/jobs/{job.Id}"));
            Assert.Equal(0, await page.Locator("#review-link").CountAsync());
            // The page itself stays refused to them.
            Assert.Equal(403, (await page.GotoAsync(host.Url("/app/admin/requests")))!.Status);
        }
    }

    [Fact]
    public async Task ReadOnly_PagesShowNoWriteControls_OnlyTheBanner_WhileEverythingStillReads_AndTheyComeBackAfter()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var jobs = host.Jobs(PlatformHost.AliceToken);
        var queued = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: "kept");
        await jobs.AddCommentAsync(new AddCommentRequest { Id = queued.Id, Text = "alice's **note**" });
        var adapter = await TestAdapter.RegisterAsync(host, "ro-pages-site", "BrainScaleS");
        var ended = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "BrainScaleS");
        var leased = await adapter.LeaseJobAsync(ended.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        await adapter.AppendLogAsync(leased.Lease, 0, "read while read-only\n");
        await adapter.CompleteAsync(leased.Lease);
        var quotas = host.Quotas(PlatformHost.AliceToken);
        var draft = await quotas.CreateResourceRequestAsync(new CreateResourceRequestRequest
        {
            Collab = "neuro",
            Title = "draft hours",
            Requested = { new PlatformAmount { Platform = "Spikey", Amount = 3 } },
        });
        var review = await quotas.CreateResourceRequestAsync(new CreateResourceRequestRequest
        {
            Collab = "neuro",
            Title = "hours to review",
            Requested = { new PlatformAmount { Platform = "Spikey", Amount = 4 } },
        });
        await quotas.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = review.Id });

        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(host, "admin", WebPlatform.AdminPassword);

        // Writable: every control is there (so their absence below is the switch's doing).
        await AssertControlsAsync(alice, admin, host, queued.Id, ended.Id, draft.Id, shown: true);

        host.SetReadOnly(true, Maintenance);
        await Eventually.HoldsAsync(
            async () =>
            {
                await alice.GotoAsync(host.Url("/app/"));
                return await alice.Locator("#banner-read-only").CountAsync() == 1;
            },
            TimeSpan.FromSeconds(90),
            "the read-only banner");
        await AssertControlsAsync(alice, admin, host, queued.Id, ended.Id, draft.Id, shown: false);

        // Reading works: the lists, the job with its log, tags and comment, the requests, the review queue.
        await alice.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(2, await alice.Locator("#job-table tbody tr").CountAsync());
        await alice.GotoAsync(host.Url($"/app/jobs/{ended.Id}"));
        Assert.Equal("read while read-only\n", await alice.TextContentAsync("#job-log"));
        Assert.Equal("Read-only. " + Maintenance, (await alice.TextContentAsync("#banner-read-only"))?.Trim());
        await Screenshots.TakeAsync(alice, "job-read-only");
        await alice.GotoAsync(host.Url($"/app/jobs/{queued.Id}"));
        Assert.Equal(1, await alice.Locator("#job-tags li[data-tag=kept]").CountAsync());
        Assert.Equal("note", await alice.TextContentAsync(".comment .markdown strong"));
        await alice.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal(2, await alice.Locator("#request-table tbody tr").CountAsync());
        await admin.GotoAsync(host.Url("/app/admin/requests"));
        Assert.Equal(1, await admin.Locator($"article[data-request-id='{review.Id}'] .read-only-note").CountAsync());

        host.SetReadOnly(false, "");
        await Eventually.HoldsAsync(
            async () =>
            {
                await alice.GotoAsync(host.Url("/app/"));
                return await alice.Locator("#banner-read-only").CountAsync() == 0;
            },
            TimeSpan.FromSeconds(90),
            "the read-only banner to go");
        await AssertControlsAsync(alice, admin, host, queued.Id, ended.Id, draft.Id, shown: true);
    }

    [Fact]
    public async Task AViewer_GetsNoResubmitCancelDeleteOrNoteControls_OnOthersJobs_WhileAnEditorDoes()
    {
        var host = await platform.StartAsync(postgres);
        var queued = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var adapter = await TestAdapter.RegisterAsync(host, "viewer-site", "BrainScaleS");
        var ended = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", platform: "BrainScaleS");
        var leased = await adapter.LeaseJobAsync(ended.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        await adapter.CompleteAsync(leased.Lease);

        var bob = await browser.NewPageAsync();
        await bob.SignInAsync(host, "bob", WebPlatform.BobPassword);
        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await bob.GotoAsync(host.Url($"/app/jobs/{queued.Id}"));
        await alice.GotoAsync(host.Url($"/app/jobs/{queued.Id}"));
        foreach (var control in new[] { "#resubmit-job", "#cancel-job", "#add-tag", "#add-comment" })
        {
            Assert.Equal(0, await bob.Locator(control).CountAsync());
            Assert.Equal(1, await alice.Locator(control).CountAsync());
        }

        await bob.GotoAsync(host.Url($"/app/jobs/{ended.Id}"));
        await alice.GotoAsync(host.Url($"/app/jobs/{ended.Id}"));
        Assert.Equal(0, await bob.Locator("#delete-job").CountAsync());
        Assert.Equal(1, await alice.Locator("#delete-job").CountAsync());
        await Screenshots.TakeAsync(bob, "job-viewer");

        await bob.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(0, await bob.Locator("a[href$='/jobs/new']").CountAsync());
        await alice.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(1, await alice.Locator("main a[href$='/jobs/new']").CountAsync());
        await bob.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal(0, await bob.Locator("#request-form").CountAsync());

        // The service still decides: a cancel posted with bob's valid form token is refused and changes nothing.
        var token = bob.Locator("header form input[type=hidden]");
        var form = bob.Context.APIRequest.CreateFormData().Set((await token.GetAttributeAsync("name"))!, (await token.GetAttributeAsync("value"))!);
        var refused = await bob.Context.APIRequest.PostAsync(host.Url($"/app/jobs/{queued.Id}/cancel"), new() { Form = form });
        Assert.Equal(403, refused.Status);
        Assert.Equal(JobStatus.Submitted, (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = queued.Id })).Status);
    }

    /// <summary>Checks every write control of the pages at once: all shown (writable, editor, administrator) or none.</summary>
    private static async Task AssertControlsAsync(IPage alice, IPage admin, PlatformHost host, long queued, long ended, long draft, bool shown)
    {
        var expected = shown ? 1 : 0;
        await alice.GotoAsync(host.Url("/app/"));
        Assert.Equal(expected, await alice.Locator("article.card[data-collab=neuro] a[href$='/jobs/new']").CountAsync());
        await alice.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal(expected, await alice.Locator("main a[href$='/jobs/new']").CountAsync());

        await alice.GotoAsync(host.Url($"/app/jobs/{queued}"));
        var onQueued = new[] { "#resubmit-job", "#cancel-job", "#add-tag", "button.remove-tag", "#add-comment", "details.comment-edit", "button.delete-comment" };
        foreach (var control in JobWriteControls)
        {
            var count = await alice.Locator(control).CountAsync();
            Assert.True(count == (shown && onQueued.Contains(control) ? 1 : 0), $"{control}: {count} on the queued job (shown: {shown})");
        }

        await alice.GotoAsync(host.Url($"/app/jobs/{ended}"));
        Assert.Equal(expected, await alice.Locator("#delete-job").CountAsync());
        Assert.Equal(expected, await alice.Locator("#resubmit-job").CountAsync());

        await alice.GotoAsync(host.Url($"/app/collabs/neuro/jobs/new?from={queued}"));
        Assert.Equal(expected, await alice.Locator("#new-job").CountAsync());
        Assert.Equal(1 - expected, await alice.Locator("#read-only-form").CountAsync());

        await alice.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal(expected, await alice.Locator("#request-form").CountAsync());
        Assert.Equal(expected, await alice.Locator($"tr[data-request-id='{draft}'] button.submit-draft").CountAsync());
        Assert.Equal(expected, await alice.Locator($"tr[data-request-id='{draft}'] button.delete-draft").CountAsync());
        Assert.Equal(expected, await alice.Locator($"tr[data-request-id='{draft}'] a.edit-draft").CountAsync());
        if (!shown)
        {
            await Screenshots.TakeAsync(alice, "quotas-read-only");
        }

        await admin.GotoAsync(host.Url("/app/admin/requests"));
        Assert.Equal(expected, await admin.Locator("form.decide-form").CountAsync());
        // Sign-out is no write to the service: it stays.
        Assert.Equal(1, await alice.Locator("header form[action='/app/signout']").CountAsync());
    }
}
