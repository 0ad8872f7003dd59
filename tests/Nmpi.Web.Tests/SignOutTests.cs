using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Signing out of the Job Manager ends the session on the server: a copy of the old cookie signs no one in.</summary>
[Collection(WebCollection.Name)]
public sealed class SignOutTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task SignOut_RevokesTheSessionToken_SoACopyOfTheCookieIsNotSignedIn()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        var token = (await page.Context.CookiesAsync()).Single(c => c.Name == "nmpi_session").Value;
        using var copy = CookieClient(token);

        // The copied cookie works while the session lasts.
        using (var before = await copy.GetAsync(host.Url("/app/collabs/neuro/jobs")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync(host.Url("/app/signin"));
        using var after = await copy.GetAsync(host.Url("/app/collabs/neuro/jobs"));
        var overGrpc = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(host, token).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nmpi_session");
        Assert.True(after.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"answered {after.StatusCode}");
        Assert.StartsWith("/app/signin", after.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, overGrpc.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithAProviderToken_WhichOnlyTheProviderEnds_StillSignsOutHere()
    {
        await using var issuer = await SignInIssuer.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, issuer.Settings());
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Url("/app/signin"));
        await page.ClickAsync("#oidc-signin");
        await page.WaitForSelectorAsync("#signed-in-user");
        var token = (await page.Context.CookiesAsync()).Single(c => c.Name == "nmpi_session").Value;

        var refused = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(host, token).LogoutAsync(new LogoutRequest()).ResponseAsync);
        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync(host.Url("/app/signin"));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("OpenID Connect provider", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nmpi_session");

        // The provider's token is not revoked by the gateway: it stays valid until it expires.
        var jobs = new Jobs.JobsClient(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));
        Assert.Equal(0, (await jobs.ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount);
    }

    private static Accounts.AccountsClient AccountsAs(PlatformHost host, string token) =>
        new(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    private static HttpClient CookieClient(string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"nmpi_session={token}; nmpi_user=alice");
        return client;
    }
}
