using Microsoft.Playwright;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Sign-in at an OpenID Connect provider (code flow with PKCE, state and nonce) in Chromium, against a provider served by the test.</summary>
[Collection(WebCollection.Name)]
public sealed class OidcSignInTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task SignInWithTheProvider_UsesPkceStateAndNonce_AndItsAccessTokenIsTheSession_UntilItExpires()
    {
        await using var issuer = await SignInIssuer.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, issuer.Settings());
        await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: "from-alice");
        var page = await browser.NewPageAsync();

        // Asked for a page without a session: the sign-in page offers the provider, and comes back to that page.
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("Sign in with Test IAM", (await page.TextContentAsync("#oidc-signin"))?.Trim());
        await Screenshots.TakeAsync(page, "signin-oidc");
        await page.ClickAsync("#oidc-signin");
        await page.WaitForURLAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("oidc:dora", await page.TextContentAsync("#signed-in-user"));

        // dora is a viewer of neuro (a local collab the settings link to the provider) by her token's teams alone: she sees its job, and her home page has its card.
        Assert.Equal(1, await page.Locator("text=from-alice").CountAsync());
        await page.GotoAsync(host.Url("/app/"));
        var card = page.Locator("article.card[data-collab=neuro]");
        Assert.Equal(1, await card.CountAsync());
        Assert.Equal(0, await card.Locator("text=New job").CountAsync());
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));

        // What the gateway asked for: the code flow with an S256 challenge, a state and a nonce, and its registered return address.
        var asked = issuer.LastAuthorization;
        Assert.Equal("code", asked["response_type"]);
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.Equal(43, asked["code_challenge"].Length);
        Assert.True(asked["state"].Length >= 43 && asked["nonce"].Length >= 43 && asked["state"] != asked["nonce"]);
        Assert.Equal(host.Url("/app/signin/oidc/callback"), asked["redirect_uri"]);
        Assert.Equal(1, issuer.Redeemed);

        // The session is the provider's access token in the usual cookie; the pending sign-in's cookie is gone.
        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "nmpi_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(3, session.Value.Split('.').Length);
        Assert.DoesNotContain(cookies, c => c.Name == "nmpi_oidc");

        // A token that expires: once it has, the pages lead back to the sign-in page.
        issuer.AccessTokenLifetime = TimeSpan.FromSeconds(3);
        var second = await browser.NewPageAsync();
        await second.GotoAsync(host.Url("/app/signin"));
        await second.ClickAsync("#oidc-signin");

        // The callback's page moves on by itself; a navigation of the test's own must not cut into it. Once the code is
        // redeemed the browser is at the provider, the callback or past it; wait until it is past it, back on the site.
        await Eventually.HoldsAsync(() => Task.FromResult(issuer.Redeemed == 2), TimeSpan.FromSeconds(90), "the second sign-in's code to be redeemed");
        await second.WaitForURLAsync(
            url => url.StartsWith(host.Url("/app/"), StringComparison.Ordinal) && !url.Contains("/signin/oidc", StringComparison.Ordinal),
            new() { Timeout = 90_000 });
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await second.GotoAsync(host.Url("/app/"));
                }
                catch (PlaywrightException e) when (e.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
                {
                    return false;
                }

                return second.Url.StartsWith(host.Url("/app/signin"), StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(90),
            "the expired provider token to lead back to sign-in");
    }

    [Fact]
    public async Task ProviderAnswers_WithAWrongState_OrAReplayedCode_AreRefused_AndSignNobodyIn()
    {
        await using var issuer = await SignInIssuer.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, issuer.Settings());

        // A good sign-in, whose callback address (code and state) is kept.
        var first = await browser.NewPageAsync();
        string? used = null;
        first.Request += (_, request) => used = request.Url.Contains("/app/signin/oidc/callback", StringComparison.Ordinal) ? request.Url : used;
        await first.GotoAsync(host.Url("/app/signin"));
        await first.ClickAsync("#oidc-signin");
        await first.WaitForSelectorAsync("#signed-in-user");
        Assert.NotNull(used);

        // Wrong state: a provider answer (even with a fresh, valid code) that does not carry this browser's state.
        var forged = await browser.NewPageAsync();
        issuer.RewriteNextCallback = url => WithParameter(url, "state", "forged-state");
        await forged.GotoAsync(host.Url("/app/signin"));
        var redeemed = issuer.Redeemed;
        var refused = await forged.RunAndWaitForResponseAsync(() => forged.ClickAsync("#oidc-signin"), r => r.Url.Contains("/callback", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        Assert.Contains("state mismatch", await forged.TextContentAsync("#problem-detail") ?? "", StringComparison.Ordinal);
        Assert.Equal(redeemed, issuer.Redeemed);
        Assert.DoesNotContain(await forged.Context.CookiesAsync(), c => c.Name == "nmpi_session");

        // The same callback address again in the first browser: its pending sign-in is spent, so it is refused before any redemption.
        await first.Context.ClearCookiesAsync();
        var again = await first.GotoAsync(used!);
        Assert.Equal(400, again!.Status);
        Assert.DoesNotContain(await first.Context.CookiesAsync(), c => c.Name == "nmpi_session");

        // Replayed code: a new sign-in whose answer carries the code already redeemed; the provider refuses it, and so does the page.
        var replay = await browser.NewPageAsync();
        issuer.RewriteNextCallback = url => WithParameter(url, "code", Parameter(used!, "code"));
        await replay.GotoAsync(host.Url("/app/signin"));
        var replayed = await replay.RunAndWaitForResponseAsync(() => replay.ClickAsync("#oidc-signin"), r => r.Url.Contains("/callback", StringComparison.Ordinal));
        Assert.Equal(401, replayed.Status);
        Assert.Equal(
            "The identity provider refused the sign-in code: it has expired or was used already. Sign in again.",
            (await replay.TextContentAsync("#signin-error"))?.Trim());
        Assert.Contains("invalid_grant", issuer.Refusals);
        Assert.DoesNotContain(await replay.Context.CookiesAsync(), c => c.Name == "nmpi_session");
        await Screenshots.TakeAsync(replay, "signin-oidc-refused");
    }

    private static string Parameter(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)[name].ToString();

    private static string WithParameter(string url, string name, string value)
    {
        var uri = new Uri(url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        query[name] = value;
        return uri.GetLeftPart(UriPartial.Path) + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }
}
