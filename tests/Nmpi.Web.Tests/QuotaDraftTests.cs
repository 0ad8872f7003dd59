using Grpc.Core;
using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Resource requests in preparation: saved as drafts, edited, submitted for review and deleted on the quotas page.</summary>
[Collection(WebCollection.Name)]
public sealed class QuotaDraftTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task ADraft_IsSavedEditedWithErrorsBesideTheFields_SubmittedAndAnotherDeleted_AllByKeyboard()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var quotas = host.Quotas(PlatformHost.AliceToken);
        // A draft made with the CLI shows up beside the ones made on the page.
        var fromCli = await quotas.CreateResourceRequestAsync(new CreateResourceRequestRequest
        {
            Collab = "neuro",
            Title = "drafted in a terminal",
            Requested = { new PlatformAmount { Platform = "SpiNNaker", Amount = 2.125 } },
        });
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url("/app/collabs/neuro/quotas"));

        // Save as draft (keyboard: focus the button, press Enter).
        await page.FillAsync("#request-title", "Spikey hours, first guess");
        await page.FillAsync("#amount-Spikey", "20");
        await page.FocusAsync("#save-draft");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas#requests"));
        var all = await ListAsync(host);
        Assert.Equal(2, all.Count);
        var draft = all.Single(r => r.Id != fromCli.Id);
        Assert.Equal(ResourceRequestStatus.InPreparation, draft.Status);
        Assert.Equal("in preparation", await page.Locator($"tr[data-request-id='{draft.Id}'] [data-state]").TextContentAsync());
        await Screenshots.TakeAsync(page, "quotas-drafts");

        // Edit: the form is filled from the draft (every digit of the amount kept).
        await page.FocusAsync($"tr[data-request-id='{fromCli.Id}'] a.edit-draft");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#request-form input[name=request_id]", new() { State = WaitForSelectorState.Attached });
        Assert.Equal($"Edit draft #{fromCli.Id}", (await page.TextContentAsync("#request-form-heading"))?.Trim());
        Assert.Equal("drafted in a terminal", await page.InputValueAsync("#request-title"));
        Assert.Equal("2.125", await page.InputValueAsync("#amount-SpiNNaker"));
        Assert.Equal("", await page.InputValueAsync("#amount-Spikey"));

        // Errors beside the fields, the form kept as typed and still editing the same draft; nothing changed.
        await page.FillAsync("#amount-SpiNNaker", "plenty");
        Assert.Equal(400, (await PostAsync(page, "#save-draft")).Status);
        Assert.Equal("must be a number, e.g. 12.5", await page.TextContentAsync(".field-error[data-field=amount-SpiNNaker]"));
        await page.FillAsync("#amount-SpiNNaker", "-1");
        await page.FillAsync("#request-title", "");
        Assert.Equal(400, (await PostAsync(page, "#save-draft")).Status);
        Assert.StartsWith("must be more than 0", await page.TextContentAsync(".field-error[data-field=amount-SpiNNaker]"), StringComparison.Ordinal);
        Assert.Equal("must not be empty", await page.TextContentAsync(".field-error[data-field=title]"));
        Assert.Equal("-1", await page.InputValueAsync("#amount-SpiNNaker"));
        Assert.Equal($"{fromCli.Id}", await page.InputValueAsync("#request-form input[name=request_id]"));
        Assert.Equal(fromCli.Requested, (await GetAsync(host, fromCli.Id)).Requested);
        await Screenshots.TakeAsync(page, "quotas-draft-errors");

        await page.FillAsync("#request-title", "drafted in a terminal, edited in the browser");
        await page.FillAsync("#amount-SpiNNaker", "6");
        await page.FillAsync("#amount-Spikey", "1.5");
        await page.ClickAsync("#save-draft");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas#requests"));
        var edited = await GetAsync(host, fromCli.Id);
        Assert.Equal(ResourceRequestStatus.InPreparation, edited.Status);
        Assert.Equal("drafted in a terminal, edited in the browser", edited.Title);
        Assert.Equal([("SpiNNaker", 6.0), ("Spikey", 1.5)], edited.Requested.Select(a => (a.Platform, a.Amount)).OrderBy(a => a.Platform, StringComparer.Ordinal));
        Assert.Equal(2, (await ListAsync(host)).Count);

        // Submit for review from its row (keyboard), then it offers no draft buttons any more.
        await page.FocusAsync($"tr[data-request-id='{fromCli.Id}'] button.submit-draft");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync($"tr[data-request-id='{fromCli.Id}'] [data-state='under review']");
        Assert.Equal(ResourceRequestStatus.UnderReview, (await GetAsync(host, fromCli.Id)).Status);
        Assert.Equal(0, await page.Locator($"tr[data-request-id='{fromCli.Id}'] .draft-actions button").CountAsync());

        // Delete the other draft from its row after confirming.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.FocusAsync($"tr[data-request-id='{draft.Id}'] button.delete-draft");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync($"tr[data-request-id='{draft.Id}']", new() { State = WaitForSelectorState.Detached });
        var gone = await Assert.ThrowsAsync<RpcException>(() => GetAsync(host, draft.Id));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);

        // Editing a request under review is refused with the reason; so is submitting it again from an old page.
        Assert.Equal(400, (await page.GotoAsync(host.Url($"/app/collabs/neuro/quotas?edit={fromCli.Id}")))!.Status);
        Assert.Contains("only requests in preparation can be edited", await page.TextContentAsync("#problem-detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAndSubmit_FromTheEditForm_SendsThatDraftForReview_WithoutACopy()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        await page.FillAsync("#request-title", "one draft only");
        await page.FillAsync("#amount-Spikey", "7");
        await page.ClickAsync("#save-draft");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas#requests"));
        var id = (await ListAsync(host)).Single().Id;

        await page.ClickAsync($"tr[data-request-id='{id}'] a.edit-draft");
        await page.WaitForSelectorAsync("#request-form input[name=request_id]", new() { State = WaitForSelectorState.Attached });
        await page.FillAsync("#amount-Spikey", "8");
        await page.ClickAsync("#submit-request");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas#requests"));
        var submitted = (await ListAsync(host)).Single();
        Assert.Equal(id, submitted.Id);
        Assert.Equal(ResourceRequestStatus.UnderReview, submitted.Status);
        Assert.Equal(8, submitted.Requested.Single().Amount);
    }

    [Fact]
    public async Task AViewer_GetsNoDraftButtons_AndTheirPostsAreRefused_AnotherCollabGetsNotFound()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var draft = await host.Quotas(PlatformHost.AliceToken).CreateResourceRequestAsync(new CreateResourceRequestRequest
        {
            Collab = "neuro",
            Title = "neuro's secret plan",
            Requested = { new PlatformAmount { Platform = "Spikey", Amount = 9 } },
        });

        var bob = await browser.NewPageAsync();
        await bob.SignInAsync(host, "bob", WebPlatform.BobPassword);
        await bob.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal(1, await bob.Locator($"tr[data-request-id='{draft.Id}']").CountAsync());
        Assert.Equal(0, await bob.Locator(".draft-actions").CountAsync());
        Assert.Equal(0, await bob.Locator("#request-form").CountAsync());
        var asBob = await PostWithTokenAsync(bob, host, $"/app/collabs/neuro/quotas/requests/{draft.Id}/delete");
        Assert.Equal(403, asBob.Status);
        Assert.Contains("needs the editor or administrator role", await asBob.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(403, (await PostWithTokenAsync(bob, host, $"/app/collabs/neuro/quotas/requests/{draft.Id}/submit")).Status);

        var carol = await browser.NewPageAsync();
        await carol.SignInAsync(host, "carol", WebPlatform.CarolPassword);
        Assert.Equal(404, (await carol.GotoAsync(host.Url($"/app/collabs/other/quotas?edit={draft.Id}")))!.Status);
        Assert.DoesNotContain("secret plan", await carol.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await PostWithTokenAsync(carol, host, $"/app/collabs/other/quotas/requests/{draft.Id}/delete")).Status);
        var update = await PostWithTokenAsync(carol, host, "/app/collabs/other/quotas/requests",
            ("request_id", $"{draft.Id}"), ("title", "taken over"), ("amount-Spikey", "1"), ("action", "draft"));
        Assert.Equal(404, update.Status);

        var still = await GetAsync(host, draft.Id);
        Assert.Equal(ResourceRequestStatus.InPreparation, still.Status);
        Assert.Equal("neuro's secret plan", still.Title);
    }

    private static async Task<IAPIResponse> PostWithTokenAsync(IPage page, PlatformHost host, string path, params (string Name, string Value)[] fields)
    {
        var token = page.Locator("header form input[type=hidden]");
        var form = page.Context.APIRequest.CreateFormData().Set((await token.GetAttributeAsync("name"))!, (await token.GetAttributeAsync("value"))!);
        foreach (var (name, value) in fields)
        {
            form = form.Set(name, value);
        }

        return await page.Context.APIRequest.PostAsync(host.Url(path), new() { Form = form });
    }

    private static async Task<List<ResourceRequest>> ListAsync(PlatformHost host) =>
        [.. (await host.Quotas(PlatformHost.AliceToken).ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = "neuro" })).Requests];

    private static async Task<ResourceRequest> GetAsync(PlatformHost host, long id) =>
        await host.Quotas(PlatformHost.AdminToken).GetResourceRequestAsync(new GetResourceRequestRequest { Id = id });

    private static async Task<IResponse> PostAsync(IPage page, string button) =>
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST");
}
