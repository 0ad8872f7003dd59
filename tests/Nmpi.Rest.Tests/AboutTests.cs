using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests;

[Collection(RestPostgresCollection.Name)]
public sealed class AboutTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    public async Task Root_DescribesTheApi_WithoutCredentials(string path)
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var http = RestClient.For(host);

        // Absolute: a relative "//" would name a host.
        using var response = await http.GetAsync(new Uri(host.HttpUrl.TrimEnd('/') + path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var about = await RestClient.JsonAsync(response);
        Assert.Equal("3", about.GetProperty("version").GetString());
        Assert.Equal("ok", about.GetProperty("status").GetString());
        Assert.Equal("/jobs/", about.GetProperty("links").GetProperty("jobs").GetString());
    }
}
