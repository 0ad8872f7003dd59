using System.Globalization;
using Microsoft.Playwright;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Password guessing through the Job Manager's sign-in form (security review H-3), in Chromium.</summary>
[Collection(WebCollection.Name)]
public sealed class SignInThrottlePageTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task SignInForm_AfterTooManyWrongPasswords_Answers429WithRetryAfterAndAReadableMessage_EvenForTheRightPassword()
    {
        // A back-off of an hour: the refused attempt cannot slip past it however slowly the test runs.
        await using var host = await WebPlatform.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Accounts:LoginFailuresPerUsername"] = "3",
            ["Nmpi:Accounts:LoginBackoff"] = "01:00:00",
            ["Nmpi:Accounts:LoginBackoffMax"] = "02:00:00",
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Url("/app/signin"));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var wrong = await SubmitAsync(page, "alice", $"guess number {attempt}");
            Assert.Equal(401, wrong.Status);
        }

        var refused = await SubmitAsync(page, "alice", WebPlatform.AlicePassword);
        Assert.Equal(429, refused.Status);
        var retryAfter = int.Parse(await refused.HeaderValueAsync("retry-after") ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 3000, 3600);
        var message = (await page.TextContentAsync("#signin-error"))?.Trim() ?? "";
        Assert.StartsWith("Too many wrong passwords for this username or from this address.", message, StringComparison.Ordinal);
        Assert.Contains("Retry in ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nmpi_session");
        Assert.Equal("alice", await page.InputValueAsync("#username"));
        await Screenshots.TakeAsync(page, "signin-throttled");
    }

    // Posts the form as a user does and returns the answer to that POST.
    private static Task<IResponse> SubmitAsync(IPage page, string username, string password) =>
        page.RunAndWaitForResponseAsync(
            async () =>
            {
                await page.FillAsync("#username", username);
                await page.FillAsync("#password", password);
                await page.ClickAsync("button[type=submit]");
            },
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/app/signin");
}
