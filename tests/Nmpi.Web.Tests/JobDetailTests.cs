using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>The job page in full: output previews, provenance and usage, tags edited and Markdown comments rendered safely.</summary>
[Collection(WebCollection.Name)]
public sealed class JobDetailTests(PostgresFixture postgres, BrowserFixture browser, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    // A 1×1 PNG: the page must show it decoded, not as a broken image.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task FinishedJob_PreviewsImagesInline_AndTheBeginningOfTextFilesEscaped_WithProvenanceAndUsage()
    {
        var host = await platform.StartAsync(postgres);
        var adapter = await TestAdapter.RegisterAsync(host, "web-site", "Spikey");
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var leased = await adapter.LeaseJobAsync(job.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        var text = "<b>not bold</b><img src=x onerror=\"window.pwned=1\">\n" + new string('x', 6000);
        await adapter.UploadAsync(leased.Lease, "plot.png", Png, "image/png");
        await adapter.UploadAsync(leased.Lease, "results/spikes.txt", System.Text.Encoding.UTF8.GetBytes(text), "text/plain");
        await adapter.UploadAsync(leased.Lease, "weights.bin", [0, 1, 2, 3], "application/octet-stream");
        await adapter.CompleteAsync(leased.Lease);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url($"/app/jobs/{job.Id}"));
        await page.WaitForFunctionAsync("() => { const i = document.querySelector(\"figure[data-path='plot.png'] img\"); return i && i.complete && i.naturalWidth === 1; }");
        var preview = page.Locator("figure[data-path='results/spikes.txt'] pre");
        var shown = await preview.TextContentAsync();
        Assert.Equal(text[..4096], shown);
        // Escaped: the file's markup is text on the page, nothing of it became an element.
        Assert.Equal(0, await preview.Locator("b, img").CountAsync());
        Assert.Contains("first 4 KiB of", await page.TextContentAsync("figure[data-path='results/spikes.txt'] figcaption"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("figure[data-path='weights.bin']").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Contains("test-adapter", await page.TextContentAsync("#job-provenance"), StringComparison.Ordinal);
        Assert.Contains("0.25 core-hours", await page.TextContentAsync("#job-panel"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "job-previews");

        // The image address serves only image outputs of jobs the user may see.
        var notImage = await page.Context.APIRequest.GetAsync(host.Url($"/app/jobs/{job.Id}/image?path=results%2Fspikes.txt"));
        Assert.Equal(404, notImage.Status);
        var image = await page.Context.APIRequest.GetAsync(host.Url($"/app/jobs/{job.Id}/image?path=plot.png"));
        Assert.Equal("image/png", image.Headers["content-type"]);
        Assert.Equal("nosniff", image.Headers["x-content-type-options"]);
        Assert.Equal(Png, await image.BodyAsync());

        var carol = await browser.NewPageAsync();
        await carol.SignInAsync(host, "carol", WebPlatform.CarolPassword);
        var hidden = await carol.Context.APIRequest.GetAsync(host.Url($"/app/jobs/{job.Id}/image?path=plot.png"));
        Assert.Equal(404, hidden.Status);
        Assert.NotEqual(Png, await hidden.BodyAsync());
    }

    [Fact]
    public async Task Tags_AreAddedAndRemovedThroughTheForms_AndAnEmptyTagIsRefusedBesideTheField()
    {
        var host = await platform.StartAsync(postgres);
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: "first");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url($"/app/jobs/{job.Id}"));

        await page.FillAsync("#new-tag", "calibrated");
        await page.ClickAsync("#add-tag button[type=submit]");
        await page.WaitForSelectorAsync("#job-tags li[data-tag=calibrated]");
        Assert.Equal(["first", "calibrated"], await Tags(host, job.Id));

        await page.ClickAsync("#job-tags li[data-tag=first] button.remove-tag");
        await page.WaitForSelectorAsync("#job-tags li[data-tag=first]", new() { State = WaitForSelectorState.Detached });
        Assert.Equal(["calibrated"], await Tags(host, job.Id));

        await page.FillAsync("#new-tag", "   ");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#add-tag button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Contains("must be 1 to", await page.TextContentAsync(".field-error[data-field=tag]"), StringComparison.Ordinal);
        Assert.Equal(["calibrated"], await Tags(host, job.Id));
        await Screenshots.TakeAsync(page, "job-tags-error");

        // Without the anti-forgery token nothing changes.
        var forged = await page.Context.APIRequest.PostAsync(host.Url($"/app/jobs/{job.Id}/tags"), new() { Form = page.Context.APIRequest.CreateFormData().Set("tag", "forged") });
        Assert.Equal(400, forged.Status);
        Assert.Equal(["calibrated"], await Tags(host, job.Id));
    }

    [Fact]
    public async Task MarkdownComment_IsFormatted_ScriptAndJavascriptLinksStayInert_AndOnlyItsAuthorEditsAndDeletesIt()
    {
        var host = await platform.StartAsync(postgres);
        var job = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(host.Url($"/app/jobs/{job.Id}"));

        var markdown = """
            The **fit** converged, see [the paper](https://example.org/paper) and `run.py`.

            <script>window.pwned = 1</script>

            [click me](javascript:window.pwned=2) and <javascript:window.pwned=3> and ![pic](javascript:window.pwned=4)
            """;
        await page.FillAsync("#comment-text", markdown);
        await page.ClickAsync("#add-comment button[type=submit]");
        var comment = page.Locator("#comments article.comment");
        await comment.WaitForAsync();

        var body = comment.Locator(".markdown");
        Assert.Equal("fit", await body.Locator("strong").TextContentAsync());
        Assert.Equal("run.py", await body.Locator("code").TextContentAsync());
        Assert.Equal("https://example.org/paper", await body.Locator("a", new() { HasText = "the paper" }).GetAttributeAsync("href"));
        Assert.Equal(["https://example.org/paper"], await body.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        Assert.Equal(0, await page.Locator(".markdown script, .markdown img, a[href^='javascript']").CountAsync());
        var shownText = await body.TextContentAsync();
        Assert.Contains("<script>window.pwned = 1</script>", shownText, StringComparison.Ordinal);
        Assert.Contains("click me", shownText, StringComparison.Ordinal);
        await page.ClickAsync("#comments .markdown >> text=click me");
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), "a comment ran script");
        await Screenshots.TakeAsync(page, "job-comments");

        var bob = await browser.NewPageAsync();
        await bob.SignInAsync(host, "bob", WebPlatform.BobPassword);
        await bob.GotoAsync(host.Url($"/app/jobs/{job.Id}"));
        Assert.Equal(1, await bob.Locator("#comments article.comment").CountAsync());
        Assert.Equal(0, await bob.Locator("#comments .comment-edit, #comments .delete-comment").CountAsync());

        await comment.Locator("details.comment-edit summary").ClickAsync();
        await comment.Locator("details.comment-edit textarea").FillAsync("Fit *re-run*: converged.");
        await comment.Locator("button.save-comment").ClickAsync();
        await page.WaitForSelectorAsync("#comments .markdown em");
        Assert.Equal("Fit re-run: converged.", (await page.TextContentAsync("#comments .markdown"))!.Trim());
        var stored = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id });
        Assert.Equal("Fit *re-run*: converged.", Assert.Single(stored.Comments).Text);

        await comment.Locator("button.delete-comment").ClickAsync();
        await page.WaitForSelectorAsync("#comments article.comment", new() { State = WaitForSelectorState.Detached });
        Assert.Empty((await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Comments);

        // An empty comment is refused beside the box and nothing is stored.
        await page.FillAsync("#comment-text", "  ");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#add-comment button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Contains("not only whitespace", await page.TextContentAsync(".field-error[data-field=text]"), StringComparison.Ordinal);
        Assert.Empty((await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Comments);
    }

    private static async Task<string[]> Tags(PlatformHost host, long id) =>
        [.. (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = id })).Tags];
}
