using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Transport;

/// <summary>
/// M-10: X-Forwarded-For and X-Forwarded-Proto are believed only from configured proxies. A client that sends them
/// itself neither escapes the sign-in throttle of its own address nor passes plain HTTP off as HTTPS; behind a
/// configured TLS proxy the throttle counts the real client and the cookies are Secure.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ForwardedHeadersTests(PostgresFixture postgres)
{
    private static readonly (string, string) Https = ("X-Forwarded-Proto", "https");

    [Fact]
    public async Task SpoofedForwardedHeaders_FromAPeerThatIsNoConfiguredProxy_ChangeNeitherTheThrottledAddressNorTheCookies()
    {
        await using var host = await WebPlatform.StartAsync(postgres, ThrottleAfterThreeFailures());
        using var web = new WebSignIn(host.HttpUrl);

        // Claiming HTTPS over plain HTTP earns neither Secure cookies nor HSTS.
        var (form, signedIn) = await web.SignInAsync("alice", WebPlatform.AlicePassword, ("X-Forwarded-For", "203.0.113.1"), Https);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.False(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_session")));
        Assert.False(WebSignIn.IsSecure(WebSignIn.Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
        Assert.False(form.Headers.Contains("Strict-Transport-Security"));

        // Guessing with a new made-up client address each time: the throttle still counts the socket's address.
        for (var i = 1; i <= 3; i++)
        {
            var (_, wrong) = await web.SignInAsync("bob", "a wrong guess " + i, ("X-Forwarded-For", $"198.51.100.{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var (_, throttled) = await web.SignInAsync("carol", WebPlatform.CarolPassword, ("X-Forwarded-For", "198.51.100.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.DoesNotContain(WebSignIn.Cookies(throttled), c => c.StartsWith("nmpi_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardedHeaders_FromAConfiguredProxy_MakeTheCookiesSecureAndThrottleTheRealClient()
    {
        var settings = ThrottleAfterThreeFailures();
        settings["Nmpi:Gateway:Transport:KnownProxies:0"] = "127.0.0.1";
        await using var host = await WebPlatform.StartAsync(postgres, settings);
        using var web = new WebSignIn(host.HttpUrl);

        // The proxy ended TLS: the cookies it relays must only ever travel over HTTPS, and HSTS tells browsers so.
        var (form, signedIn) = await web.SignInAsync("alice", WebPlatform.AlicePassword, ("X-Forwarded-For", "203.0.113.1"), Https);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_session")));
        Assert.True(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_user")));
        Assert.True(WebSignIn.IsSecure(WebSignIn.Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
        Assert.True(form.Headers.Contains("Strict-Transport-Security"));

        // One client behind the proxy guesses until throttled; another client behind the same proxy still signs in.
        for (var i = 1; i <= 3; i++)
        {
            var (_, wrong) = await web.SignInAsync("bob", "a wrong guess " + i, ("X-Forwarded-For", "198.51.100.7"), Https);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var (_, throttled) = await web.SignInAsync("carol", WebPlatform.CarolPassword, ("X-Forwarded-For", "198.51.100.7"), Https);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var (_, other) = await web.SignInAsync("carol", WebPlatform.CarolPassword, ("X-Forwarded-For", "198.51.100.8"), Https);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task AlwaysSecureCookies_MarksTheCookiesSecure_EvenOnPlainHttp()
    {
        await using var host = await WebPlatform.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Gateway:Transport:AlwaysSecureCookies"] = "true" });
        using var web = new WebSignIn(host.HttpUrl);

        var (form, signedIn) = await web.SignInAsync("alice", WebPlatform.AlicePassword);

        Assert.True(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_session")));
        Assert.True(WebSignIn.IsSecure(WebSignIn.Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
    }

    // Three wrong passwords lock an address; the long back-off keeps the lock for the whole test.
    private static Dictionary<string, string?> ThrottleAfterThreeFailures() => new()
    {
        ["Nmpi:Accounts:LoginFailuresPerAddress"] = "3",
        ["Nmpi:Accounts:LoginFailuresPerUsername"] = "100",
        ["Nmpi:Accounts:LoginBackoff"] = "00:10:00",
        ["Nmpi:Accounts:LoginBackoffMax"] = "01:00:00",
    };
}
