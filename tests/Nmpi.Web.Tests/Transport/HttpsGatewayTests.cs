using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Nmpi.Client;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Transport;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Transport;

/// <summary>
/// M-10: the gateway serving HTTPS itself, on one port for gRPC (h2) and the web (HTTP/1.1), with a certificate issued
/// by a private CA the clients are told to trust (as a site with its own CA would do).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class HttpsGatewayTests(PostgresFixture postgres)
{
    [Fact]
    public async Task HttpsGateway_AnswersTheClientLibraryOverTls_AndTheWebSignInWithSecureCookiesAndHsts()
    {
        using var certificates = TestCertificates.Create();
        var httpsUrl = $"https://127.0.0.1:{PlatformHost.FreePort()}";
        await using var host = await WebPlatform.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Gateway:Transport:HttpsUrl"] = httpsUrl,
            ["Nmpi:Gateway:Transport:Certificate"] = certificates.MemberPem,
            ["Nmpi:Gateway:Transport:Key"] = certificates.MemberKeyPem,
            ["Nmpi:Gateway:Transport:HstsMaxAge"] = "30.00:00:00",
        });

        // gRPC over TLS (h2 by ALPN) from the client library, trusting the private CA.
        using (var handler = TrustingOnly(certificates.Authority))
        using (var client = new NmpiClient(new NmpiClientOptions { Address = new Uri(httpsUrl), Token = PlatformHost.AliceToken, HttpHandler = handler }))
        {
            Assert.Equal("alice", (await client.WhoAmIAsync()).User.UserId);
        }

        // A client that does not trust that CA gets no connection: TLS is really there.
        using (var untrusting = new NmpiClient(new NmpiClientOptions { Address = new Uri(httpsUrl), Token = PlatformHost.AliceToken, MaxAttempts = 1 }))
        {
            var refused = await Assert.ThrowsAsync<NmpiException>(() => untrusting.WhoAmIAsync());
            Assert.Contains("certificate", refused.Message, StringComparison.Ordinal);
        }

        // The web sign-in over HTTPS (HTTP/1.1 on the same port): Secure cookies and Strict-Transport-Security.
        using (var web = new WebSignIn(httpsUrl, TrustingOnly(certificates.Authority)))
        {
            var (form, signedIn) = await web.SignInAsync("alice", WebPlatform.AlicePassword);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.True(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_session")));
            Assert.True(WebSignIn.IsSecure(WebSignIn.Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
            Assert.Equal("max-age=2592000", string.Join(",", form.Headers.GetValues("Strict-Transport-Security")));
            Assert.Equal(new Version(1, 1), form.Version);
        }

        // The plain loopback port keeps working as before and never sends HSTS.
        using (var plain = new WebSignIn(host.HttpUrl))
        {
            var (form, signedIn) = await plain.SignInAsync("alice", WebPlatform.AlicePassword);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.False(form.Headers.Contains("Strict-Transport-Security"));
            Assert.False(WebSignIn.IsSecure(WebSignIn.Cookie(signedIn, "nmpi_session")));
        }
    }

    // What a client of a site with a private CA configures: that CA as the only root, host name checked as usual.
    private static SocketsHttpHandler TrustingOnly(X509Certificate2 authority)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(authority);
        return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
    }
}
