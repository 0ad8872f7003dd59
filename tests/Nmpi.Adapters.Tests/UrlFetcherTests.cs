using System.Net;
using System.Net.Sockets;
using Nmpi.Adapters.Preparation;
using Nmpi.Adapters.Tests.Support;

namespace Nmpi.Adapters.Tests;

/// <summary>Downloads from a real HTTP server on 127.0.0.1 and from file URLs, within their size and time limits.</summary>
public sealed class UrlFetcherTests : IAsyncLifetime
{
    private const long Limit = 64 * 1024;

    private readonly string _directory = Directory.CreateTempSubdirectory("nmpi-fetch-").FullName;
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    [Fact]
    public async Task Fetch_OverHttp_WritesTheServedBytes()
    {
        var content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var url = _server.Serve("/data/spikes.bin", content);

        await Fetch(url);

        Assert.Equal(content, File.ReadAllBytes(Target));
    }

    [Fact]
    public async Task Fetch_OfAMissingFile_NamesTheHttpStatus()
    {
        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Fetch(_server.BaseUrl + "/missing.csv"));

        Assert.Equal($"input data {_server.BaseUrl}/missing.csv answered HTTP 404", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fetch_OfAFileOverTheLimit_IsRefusedWhetherOrNotTheServerSaysItsSize(bool chunked)
    {
        var url = _server.Serve("/big.bin", new byte[Limit + 1], chunked);

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Fetch(url));

        Assert.Equal($"input data {url} is larger than this site's limit of {Limit} bytes", error.Message);
        Assert.True(!File.Exists(Target) || new FileInfo(Target).Length <= Limit);
    }

    [Fact]
    public async Task Fetch_ExactlyAtTheLimit_Succeeds()
    {
        var url = _server.Serve("/exact.bin", new byte[Limit], chunked: true);

        await Fetch(url);

        Assert.Equal(Limit, new FileInfo(Target).Length);
    }

    [Fact]
    public async Task Fetch_FromAServerThatStalls_EndsAtTheTimeLimit()
    {
        var url = _server.Stall("/slow.csv");

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new UrlFetcher(Limit, TimeSpan.FromSeconds(1), allowInternal: true).FetchAsync(Input(url), Target, CancellationToken.None));

        Assert.Equal($"input data {url} did not download within 00:00:01", error.Message);
    }

    [Fact]
    public async Task Fetch_FromAClosedPort_SaysTheConnectionFailed()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var url = $"http://127.0.0.1:{port}/data.csv";
        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Fetch(url));

        Assert.Equal($"input data {url} could not be fetched: the connection to its server failed", error.Message);
    }

    [Fact]
    public async Task Fetch_OfAFileUrl_CopiesTheFileOrSaysItIsMissing()
    {
        var source = Path.Combine(_directory, "source.csv");
        File.WriteAllText(source, "1,2,3\n");

        await Fetch(new Uri(source).AbsoluteUri);
        var missing = new Uri(Path.Combine(_directory, "missing.csv")).AbsoluteUri;
        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Fetch(missing));

        Assert.Equal("1,2,3\n", File.ReadAllText(Target));
        Assert.Equal($"input data {missing} is not a file on this site", error.Message);
    }

    [Fact]
    public async Task Fetch_NeverOverwritesAnExistingFile()
    {
        File.WriteAllText(Target, "the job's own");
        var url = _server.Serve("/target.bin", [1, 2, 3]);

        await Assert.ThrowsAsync<IOException>(() => Fetch(url));

        Assert.Equal("the job's own", File.ReadAllText(Target));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", null)]
    [InlineData("[::1]", "::1")]
    public async Task Fetch_FromTheSitesOwnNetwork_IsRefusedUnlessTheSiteAllowsIt(string host, string? shownAddress)
    {
        var served = _server.Serve("/secret.txt", [1, 2, 3]);
        var url = served.Replace("127.0.0.1", host, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new UrlFetcher(Limit, TimeSpan.FromMinutes(1)).FetchAsync(Input(url), Target, CancellationToken.None));

        Assert.StartsWith($"input data {url} leads to {shownAddress}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", an address of the site's own network, which this site does not fetch from", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Target));
        Assert.Equal(0, _server.RequestCount("/secret.txt"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Target => Path.Combine(_directory, "target.bin");

    // The test server is on loopback, so these fetches allow the site's own network; the guard has its own tests.
    private Task Fetch(string url) => new UrlFetcher(Limit, TimeSpan.FromMinutes(1), allowInternal: true).FetchAsync(Input(url), Target, CancellationToken.None);

    private static SourceUrl Input(string url) => SourceUrl.Parse(url, "input data", allowFileUrls: true);
}
