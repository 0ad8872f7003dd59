using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Dashboard;

/// <summary>
/// The Orleans dashboard (live silo log, hosts, reminders) is never served on the public gateway ports whatever the
/// Host header says, and reaches operators through the gateway only behind an administrator's Job Manager session.
/// </summary>
[Collection("postgres")]
public sealed class DashboardExposureTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dashboard_WithTheDashboardPortInTheHostHeader_IsNotFoundOnEveryPublicPort()
    {
        var dashboardPort = PlatformHost.FreePort();
        await using var host = await StartAsync(dashboardPort);
        using var client = new HttpClient();
        var spoofedHost = $"a:{dashboardPort}";

        var onHttpPort = await SendAsync(client, host.HttpUrl + "/dashboard/", HttpVersion.Version11, spoofedHost);
        var traceOnHttpPort = await SendAsync(client, host.HttpUrl + "/dashboard/Trace", HttpVersion.Version11, spoofedHost);
        var onGrpcPort = await SendAsync(client, host.GrpcUrl + "/dashboard/", HttpVersion.Version20, spoofedHost);
        var onOwnPort = await SendAsync(client, $"http://127.0.0.1:{dashboardPort}/dashboard/", HttpVersion.Version11, null);

        Assert.Equal(HttpStatusCode.NotFound, onHttpPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, traceOnHttpPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onGrpcPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onOwnPort.StatusCode);
    }

    [Fact]
    public async Task DashboardThroughTheGateway_IsShownToAnAdministratorOnly()
    {
        await using var host = await StartAsync(PlatformHost.FreePort());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var admin = await SendAsync(client, host.HttpUrl + "/app/dashboard/", HttpVersion.Version11, null, PlatformHost.AdminToken);
        var adminApi = await SendAsync(client, host.HttpUrl + "/app/dashboard/ClusterStats", HttpVersion.Version11, null, PlatformHost.AdminToken);
        var user = await SendAsync(client, host.HttpUrl + "/app/dashboard/", HttpVersion.Version11, null, PlatformHost.AliceToken);
        var userApi = await SendAsync(client, host.HttpUrl + "/app/dashboard/ClusterStats", HttpVersion.Version11, null, PlatformHost.AliceToken);
        var anonymous = await SendAsync(client, host.HttpUrl + "/app/dashboard/", HttpVersion.Version11, null);
        var forged = await SendAsync(client, host.HttpUrl + "/app/dashboard/", HttpVersion.Version11, null, "not-a-session-token-012345");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminApi.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userApi.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/app/signin", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task DashboardTrace_IsHiddenUnlessConfigured()
    {
        var dashboardPort = PlatformHost.FreePort();
        await using var host = await StartAsync(dashboardPort);
        using var client = new HttpClient();

        var trace = await SendAsync(client, $"http://127.0.0.1:{dashboardPort}/dashboard/Trace", HttpVersion.Version11, null);

        Assert.NotEqual(HttpStatusCode.OK, trace.StatusCode);
    }

    private Task<PlatformHost> StartAsync(int dashboardPort) =>
        PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Silo:DashboardUrl"] = $"http://127.0.0.1:{dashboardPort}" });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, Version version, string? hostHeader, string? session = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        if (session is not null)
        {
            request.Headers.Add("Cookie", $"nmpi_session={session}");
        }

        // Only the status line and headers matter; the Trace page would otherwise stream forever.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
