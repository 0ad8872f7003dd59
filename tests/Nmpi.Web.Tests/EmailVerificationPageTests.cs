using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Notifications;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Confirming an e-mail address (security review L-4) through the link of the verification message, in Chromium.</summary>
[Collection(WebCollection.Name)]
public sealed class EmailVerificationPageTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task VerificationLink_ShowsTheForm_AWrongCodeIsRefusedAndChangesNothing_TheMailedCodeVerifies()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await WebPlatform.StartAsync(postgres, smtp.Settings());
        var accounts = new Nmpi.Api.V1.Accounts.AccountsClient(host.Channel);
        var alice = new Metadata { { "authorization", $"Bearer {PlatformHost.AliceToken}" } };
        await accounts.UpdateProfileAsync(new UpdateProfileRequest { Email = "alice@lab.test" }, alice);
        var message = Assert.Single(await smtp.WaitForAsync(m => MailUsers.IsVerificationTo(m, "alice@lab.test"), 1));
        var code = MailUsers.CodeIn(message);
        Assert.Contains($"https://nmpi.platform.test/app/verify-email?code={code}", message.TextBody, StringComparison.Ordinal);

        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        // Opening the link uses nothing up: it shows the form with the code filled in.
        await page.GotoAsync(host.Url("/app/verify-email?code=not-the-code"));
        Assert.Equal("alice@lab.test: unverified", (await page.TextContentAsync("#email-state"))?.Trim());
        var wrong = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#verify"), r => r.Request.Method == "POST");
        Assert.Equal(400, wrong.Status);
        Assert.Contains("The code is wrong, expired, used already", await page.TextContentAsync("#email-error"), StringComparison.Ordinal);
        Assert.False((await accounts.WhoAmIAsync(new WhoAmIRequest(), alice)).User.EmailVerified);

        await page.GotoAsync(host.Url($"/app/verify-email?code={code}"));
        Assert.Equal(code, await page.InputValueAsync("#code"));
        await page.ClickAsync("#verify");
        await page.WaitForSelectorAsync("#email-done");
        Assert.Equal("alice@lab.test: verified", (await page.TextContentAsync("#email-state"))?.Trim());
        Assert.True((await accounts.WhoAmIAsync(new WhoAmIRequest(), alice)).User.EmailVerified);
        await Screenshots.TakeAsync(page, "email-verified");
    }
}
