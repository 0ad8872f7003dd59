using System.Net;
using System.Text.Json.Nodes;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Rest.Provider;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Jobs;

namespace Nmpi.Rest.Tests.Provider;

/// <summary>
/// The gateway fetches only where a site's rule allows: never from loopback, private or link-local addresses (checked on the
/// resolved address) unless the site may, only from allowed hosts when the site has a list, redirects included.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class OutputSourceTests(PostgresFixture postgres)
{
    // Which addresses are internal is decided by NetworkAddresses (its table: tests/Nmpi.Adapters.Tests/NetworkAddressesTests.cs);
    // here, what a site's rule does with them.
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void InternalAddresses_AreRefused_UnlessTheSiteAllowsThem(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.False(OutputSourcePolicy.IsPublic(ip));
        Assert.NotNull(OutputSourcePolicy.RefuseAddress(OutputSourceRule.Default, ip));
        Assert.Null(OutputSourcePolicy.RefuseAddress(new OutputSourceRule { AllowPrivateAddresses = true }, ip));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2a00:1450:4001::1")]
    public void PublicAddresses_AreAllowed(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.True(OutputSourcePolicy.IsPublic(ip));
        Assert.Null(OutputSourcePolicy.RefuseAddress(OutputSourceRule.Default, ip));
    }

    [Theory]
    [InlineData("https://data.site.org/a.txt", true)]
    [InlineData("https://DATA.site.org./a.txt", true)]
    [InlineData("https://x.files.site.org/a.txt", true)]
    [InlineData("https://files.site.org/a.txt", false)]
    [InlineData("https://evil-files.site.org/a.txt", false)]
    [InlineData("https://site.org/a.txt", false)]
    [InlineData("https://data.site.org.evil.com/a.txt", false)]
    [InlineData("http://10.0.0.1/a.txt", false)]
    [InlineData("ftp://data.site.org/a.txt", false)]
    public void AHostList_AllowsOnlyItsHosts(string url, bool allowed)
    {
        var rule = new OutputSourceRule { AllowedHosts = ["data.site.org", "*.files.site.org", "10.0.0.1"] };
        Assert.Equal(allowed, OutputSourcePolicy.RefuseUrl(rule, new Uri(url)) is null);
    }

    [Fact]
    public void WithoutAHostList_AnyPublicHostIsAllowed_AndPrivateLiteralsAreNot()
    {
        Assert.Null(OutputSourcePolicy.RefuseUrl(OutputSourceRule.Default, new Uri("https://storage.example.org/x")));
        Assert.NotNull(OutputSourcePolicy.RefuseUrl(OutputSourceRule.Default, new Uri("http://[::1]:8080/x")));
        Assert.NotNull(OutputSourcePolicy.RefuseUrl(OutputSourceRule.Default, new Uri("http://169.254.169.254/latest/meta-data")));
    }

    [Fact]
    public async Task ASiteWithoutSettings_CannotMakeTheGatewayFetchFromLoopback_ByAddressOrByName_AndNothingChanges()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        await using var files = await SiteFileServer.StartAsync();
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        Assert.Equal(id, (await RestJobs.GetAsync(site, "/jobs/next/SpiNNaker")).Body.GetProperty("id").GetInt64());
        var secret = files.Serve("/internal/secret.txt", "internal\n"u8.ToArray());
        var byName = secret.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        foreach (var url in new[] { secret, byName, $"{host.HttpUrl.TrimEnd('/')}/jobs/{id}" })
        {
            var (status, body) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", Finished(url));

            Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {status} {body}");
            Assert.Contains(url, RestJobs.Detail(body), StringComparison.Ordinal);
            Assert.Contains("is not public", RestJobs.Detail(body), StringComparison.Ordinal);
        }

        var (_, job) = await RestJobs.GetAsync(alice, $"/jobs/{id}");
        Assert.Equal("validated", job.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, job.GetProperty("output_data").ValueKind);
    }

    [Fact]
    public async Task ASiteWithAHostList_FetchesFromItsHosts_AndARedirectElsewhereIsRefused()
    {
        var settings = SiteFileServer.TrustedBy("hd");
        settings["Nmpi:Rest:OutputSources:Sites:hd:AllowedHosts:0"] = "127.0.0.1";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        await using var files = await SiteFileServer.StartAsync();
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        Assert.Equal(id, (await RestJobs.GetAsync(site, "/jobs/next/SpiNNaker")).Body.GetProperty("id").GetInt64());
        var data = files.Serve("/out/data.txt", "42\n"u8.ToArray());
        var elsewhere = files.Redirect("/out/moved.txt", data.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        var inside = files.Redirect("/out/alias.txt", "/out/data.txt");

        var (status, body) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", Finished(elsewhere));
        Assert.True(status == HttpStatusCode.BadRequest, $"{status} {body}");
        Assert.Contains("the host localhost is not one this site's outputs may come from", RestJobs.Detail(body), StringComparison.Ordinal);
        Assert.Equal("validated", (await RestJobs.GetAsync(alice, $"/jobs/{id}")).Body.GetProperty("status").GetString());

        (status, body) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", Finished(inside));
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
        var file = body.GetProperty("output_data").GetProperty("files")[0];
        using var anonymous = new HttpClient();
        Assert.Equal("42\n", await anonymous.GetStringAsync(new Uri(file.GetProperty("url").GetString()!)));
    }

    private static JsonObject Finished(string url) => new()
    {
        ["status"] = "finished",
        ["output_data"] = new JsonObject { ["repository"] = "site storage", ["files"] = new JsonArray(new JsonObject { ["url"] = url }) },
    };
}
