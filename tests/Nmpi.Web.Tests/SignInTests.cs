using Microsoft.Playwright;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Sign-in with a built-in account, the home page's collab cards, and sign-out, in Chromium.</summary>
[Collection(WebCollection.Name)]
public sealed class SignInTests(PostgresFixture postgres, BrowserFixture browser, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    [Fact]
    public async Task SignIn_AWrongPasswordShowsAnError_TheRightOneShowsACardPerCollab_SignOutEndsTheSession()
    {
        var host = await platform.StartAsync(postgres);
        var page = await browser.NewPageAsync();

        // A page asked for without a session leads to the sign-in form, and back to that page afterwards.
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.StartsWith(host.Url("/app/signin"), page.Url, StringComparison.Ordinal);
        await page.FillAsync("#username", "alice");
        await page.FillAsync("#password", "not her password");
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("Wrong username or password.", (await page.TextContentAsync("#signin-error"))?.Trim());
        Assert.Equal("alice", await page.InputValueAsync("#username"));
        await Screenshots.TakeAsync(page, "signin-error");

        await page.FillAsync("#password", WebPlatform.AlicePassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("alice", await page.TextContentAsync("#signed-in-user"));

        // The token lives in a cookie no script can read and no other site can make the browser send.
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "nmpi_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/app", session.Path);
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));

        await page.GotoAsync(host.Url("/app/"));
        var cards = page.Locator("article.card");
        var collabs = await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.collab)");
        Assert.Contains("neuro", collabs);
        Assert.DoesNotContain("other", collabs);
        var neuro = page.Locator("article.card[data-collab=neuro]");
        Assert.Equal(["New job", "Jobs", "Quotas"], await neuro.Locator("nav a").AllTextContentsAsync());
        await Screenshots.TakeAsync(page, "home");

        await neuro.Locator("a", new() { HasText = "Quotas" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/quotas"));
        Assert.True(await page.Locator("tr[data-platform=SpiNNaker]").CountAsync() == 1, "the neuro collab's SpiNNaker quota is listed");
        await Screenshots.TakeAsync(page, "quotas");

        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync(host.Url("/app/signin"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nmpi_session");
        await page.GotoAsync(host.Url("/app/"));
        Assert.StartsWith(host.Url("/app/signin"), page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostedFromAnotherPage_WithoutTheAntiForgeryToken_IsRefused()
    {
        var host = await platform.StartAsync(postgres);
        using var http = new HttpClient();

        using var response = await http.PostAsync(host.Url("/app/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "alice",
            ["password"] = WebPlatform.AlicePassword,
        }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("nmpi_session", StringComparison.Ordinal)));
    }
}
