using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>A collab asks for more quota on its quotas page; a platform administrator decides on the review page.</summary>
[Collection(WebCollection.Name)]
public sealed class QuotaReviewTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task AMemberRequestsQuota_WithErrorsBesideTheFields_AnAdministratorAcceptsIt_AndTheLimitGrows()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await alice.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal("1000000 hours", await LimitOn(alice, "Spikey"));
        Assert.True(await alice.Locator("#no-requests").IsVisibleAsync());

        // Not a number: refused by the page beside its field, nothing sent.
        await alice.FillAsync("#amount-Spikey", "lots");
        Assert.Equal(400, (await Post(alice, "#submit-request")).Status);
        Assert.Equal("must be a number, e.g. 12.5", await alice.TextContentAsync(".field-error[data-field=amount-Spikey]"));
        Assert.Equal("lots", await alice.InputValueAsync("#amount-Spikey"));

        // No title: the service's violation beside the title, the amount kept as typed.
        await alice.FillAsync("#amount-Spikey", "50");
        Assert.Equal(400, (await Post(alice, "#submit-request")).Status);
        Assert.Equal("must not be empty", await alice.TextContentAsync(".field-error[data-field=title]"));
        Assert.Equal("50", await alice.InputValueAsync("#amount-Spikey"));
        Assert.Empty((await host.Quotas(PlatformHost.AliceToken).ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = "neuro" })).Requests);
        await Screenshots.TakeAsync(alice, "quotas-request-errors");

        await alice.FillAsync("#request-title", "Spikey hours for the plasticity study");
        await alice.FillAsync("#request-abstract", "Three more parameter sweeps.");
        await alice.ClickAsync("#submit-request");
        await alice.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas#requests"));
        var row = alice.Locator("#request-table tbody tr");
        Assert.Equal("under review", await row.Locator("[data-state]").TextContentAsync());
        Assert.Equal("50 hours on Spikey", (await row.Locator("td").Nth(3).TextContentAsync())!.Trim());
        var id = long.Parse((await row.GetAttributeAsync("data-request-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        await Screenshots.TakeAsync(alice, "quotas");

        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(host, "admin", WebPlatform.AdminPassword);
        await admin.GotoAsync(host.Url("/app/admin/requests"));
        var card = admin.Locator($"article[data-request-id='{id}']");
        Assert.Equal("neuro", await card.GetAttributeAsync("data-collab"));
        Assert.Equal("50", await card.Locator("input[name=grant-Spikey]").InputValueAsync());
        await Screenshots.TakeAsync(admin, "review");
        await card.Locator("input[name=grant-Spikey]").FillAsync("40");
        await card.Locator("textarea[name=note]").FillAsync("Granted 40 of 50 for this term.");
        await card.Locator("button.accept-request").ClickAsync();
        await admin.WaitForSelectorAsync("#no-pending");

        await alice.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal("1000040 hours", await LimitOn(alice, "Spikey"));
        Assert.Equal("accepted", await alice.Locator($"tr[data-request-id='{id}'] [data-state]").TextContentAsync());
        Assert.Equal("40 hours on Spikey", (await alice.Locator($"tr[data-request-id='{id}'] td").Nth(4).TextContentAsync())!.Trim());
        Assert.Equal("Granted 40 of 50 for this term.", await alice.TextContentAsync($"tr[data-request-id='{id}'] .decision-note"));
        var quota = (await host.Quotas(PlatformHost.AliceToken).ListQuotasAsync(new ListQuotasRequest { Collab = "neuro", Platform = "Spikey" })).Quotas.Single();
        Assert.Equal(1_000_040, quota.Limit);
    }

    [Fact]
    public async Task ARejection_NeedsAReason_ThenTheRequesterReadsIt()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var id = await RequestAsync(host, "neuro", PlatformHost.AliceToken);
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(host, "admin", WebPlatform.AdminPassword);
        await admin.GotoAsync(host.Url("/app/admin/requests"));
        var card = admin.Locator($"article[data-request-id='{id}']");

        await card.Locator("input[name=grant-SpiNNaker]").FillAsync("-3");
        Assert.Equal(400, (await Post(admin, $"article[data-request-id='{id}'] button.accept-request")).Status);
        Assert.Contains("must be between 0 and", await card.Locator(".field-error[data-field=grant-SpiNNaker]").TextContentAsync(), StringComparison.Ordinal);

        Assert.Equal(400, (await Post(admin, $"article[data-request-id='{id}'] button.reject-request")).Status);
        Assert.StartsWith("say why", await card.Locator(".field-error[data-field=note]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(ResourceRequestStatus.UnderReview, (await Get(host, id)).Status);

        await card.Locator("textarea[name=note]").FillAsync("Use the SpiNNaker test quota first.");
        await card.Locator("button.reject-request").ClickAsync();
        await admin.WaitForSelectorAsync("#no-pending");
        var decided = await Get(host, id);
        Assert.Equal(ResourceRequestStatus.Rejected, decided.Status);
        Assert.Equal("Use the SpiNNaker test quota first.", decided.DecisionNote);

        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await alice.GotoAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.Equal("rejected", await alice.Locator($"tr[data-request-id='{id}'] [data-state]").TextContentAsync());
        Assert.Equal("1000000 core-hours", await LimitOn(alice, "SpiNNaker"));
    }

    [Fact]
    public async Task NonAdministrators_CannotReachTheReviewPage_NorDecide_AnotherCollabGetsNotFound()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var id = await RequestAsync(host, "neuro", PlatformHost.AliceToken);

        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        var page = await alice.GotoAsync(host.Url("/app/admin/requests"));
        Assert.Equal(403, page!.Status);
        Assert.Equal("Only platform administrators review resource requests.", await alice.TextContentAsync("#problem-detail"));
        Assert.Equal(0, await alice.Locator("article[data-request-id]").CountAsync());

        // A decision posted with a valid form token is refused by the service: 403 for a member, 404 for another collab.
        var asAlice = await DecideWithTokenAsync(alice, host, "neuro", id);
        Assert.Equal(403, asAlice.Status);
        var aliceBody = await asAlice.TextAsync();
        Assert.True(aliceBody.Contains($"Only platform administrators decide resource requests; request {id}", StringComparison.Ordinal), aliceBody);

        var carol = await browser.NewPageAsync();
        await carol.SignInAsync(host, "carol", WebPlatform.CarolPassword);
        Assert.Equal(403, (await carol.GotoAsync(host.Url("/app/admin/requests")))!.Status);
        var asCarol = await DecideWithTokenAsync(carol, host, "other", id);
        Assert.Equal(404, asCarol.Status);
        Assert.DoesNotContain("Spikey hours", await asCarol.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await carol.GotoAsync(host.Url("/app/collabs/neuro/quotas")))!.Status);

        Assert.Equal(ResourceRequestStatus.UnderReview, (await Get(host, id)).Status);
    }

    private static async Task<IAPIResponse> DecideWithTokenAsync(IPage page, PlatformHost host, string ownCollab, long id)
    {
        await page.GotoAsync(host.Url($"/app/collabs/{ownCollab}/quotas"));
        var token = page.Locator("#request-form input[type=hidden]");
        var form = page.Context.APIRequest.CreateFormData()
            .Set((await token.GetAttributeAsync("name"))!, (await token.GetAttributeAsync("value"))!)
            .Set("decision", "accept")
            .Set("grant-Spikey", "5")
            .Set("grant-SpiNNaker", "5");
        return await page.Context.APIRequest.PostAsync(host.Url($"/app/admin/requests/{id}/decide"), new() { Form = form });
    }

    private static async Task<long> RequestAsync(PlatformHost host, string collab, string token)
    {
        var quotas = host.Quotas(token);
        var draft = await quotas.CreateResourceRequestAsync(new CreateResourceRequestRequest
        {
            Collab = collab,
            Title = "Spikey hours",
            Requested = { new PlatformAmount { Platform = "Spikey", Amount = 10 }, new PlatformAmount { Platform = "SpiNNaker", Amount = 5 } },
        });
        await quotas.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = draft.Id });
        return draft.Id;
    }

    private static async Task<ResourceRequest> Get(PlatformHost host, long id) =>
        await host.Quotas(PlatformHost.AdminToken).GetResourceRequestAsync(new GetResourceRequestRequest { Id = id });

    private static async Task<IResponse> Post(IPage page, string button) =>
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST");

    private static async Task<string> LimitOn(IPage page, string platform) =>
        (await page.Locator($"table.quotas tr[data-platform='{platform}'] td").Nth(4).TextContentAsync())!.Trim();
}
