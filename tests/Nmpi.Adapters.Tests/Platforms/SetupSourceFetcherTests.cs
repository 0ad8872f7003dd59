using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;
using Nmpi.Adapters.Tests.Support;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>
/// The adapter's own fetches for SpiNNaker set-up (H-2): extra git repositories and pip files named by a host name that
/// resolves to the adapter's loopback are refused before any connection, and nothing is written through what the
/// job's code left in its directory. The "internal service" is a real HTTP server on 127.0.0.1 that counts requests.
/// </summary>
public sealed class SetupSourceFetcherTests : IDisposable
{
    private readonly string _job = Directory.CreateTempSubdirectory("nmpi-fetch-job-").FullName;
    private readonly List<string> _log = [];

    [Fact]
    public async Task ExtraGitRepository_WhoseHostNameResolvesToLoopback_IsRefusedBeforeAnyConnection()
    {
        await using var service = await LocalHttpServer.StartAsync();
        var url = service.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/models.git";
        var plan = Plan(("extra_git_repositories", url));
        Assert.Empty(plan.Problems);

        var failure = await Fetch(plan);

        Assert.Equal(FailureReason.InvalidInput, failure?.Reason);
        Assert.Matches(
            $"^hardware_config\\.extra_git_repositories\\[0\\]: git repository {System.Text.RegularExpressions.Regex.Escape(url)} leads to (127\\.0\\.0\\.1|::1), an address of the site's own network, which this site does not fetch from$",
            failure?.Message);
        Assert.Equal(0, service.RequestCount("/models.git/info/refs"));
        Assert.Equal($"== set-up extra_git_repositories (site adapter, guarded fetch): git clone --depth 1 {url}", Assert.Single(_log));
    }

    [Fact]
    public async Task ExtraPipFile_WhoseHostNameResolvesToLoopback_IsRefusedBeforeAnyConnection()
    {
        await using var service = await LocalHttpServer.StartAsync();
        var url = service.Serve("/probe-0.1.tar.gz", [1, 2, 3]).Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var plan = Plan(("extra_pip_installs", $"probe @ {url}"));
        Assert.Empty(plan.Problems);

        var failure = await Fetch(plan);

        Assert.Equal(FailureReason.InvalidInput, failure?.Reason);
        Assert.Matches("^hardware_config\\.extra_pip_installs\\[0\\]: pip package .* leads to (127\\.0\\.0\\.1|::1), an address of the site's own network", failure?.Message);
        Assert.Equal(0, service.RequestCount("/probe-0.1.tar.gz"));
        Assert.False(File.Exists(Path.Combine(_job, ".wheelhouse", "url-0", "probe-0.1.tar.gz")));
    }

    [Fact]
    public async Task ExtraPipFile_OnAPublicServer_IsDownloadedIntoTheWheelhouse()
    {
        // The site allows internal URLs here only because the test's server is on loopback (there is no internet).
        await using var service = await LocalHttpServer.StartAsync();
        var url = service.Serve("/dl/probe-0.1.tar.gz", [1, 2, 3]);

        var plan = Plan(("extra_pip_installs", $"probe @ {url}"), allowInternal: true);
        Assert.Empty(plan.Problems);

        var failure = await Fetch(plan, allowInternal: true);

        Assert.Null(failure);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_job, ".wheelhouse", "url-0", "probe-0.1.tar.gz")));
        Assert.True(Directory.Exists(Path.Combine(_job, ".wheelhouse", "index")));
    }

    [Fact]
    public async Task Clone_IntoALinkTheJobsCodeLeftThere_IsRefusedAndWritesNothingThroughIt()
    {
        using var repository = LocalGitRepository.Create(("run.py", "print('x')\n"));
        var elsewhere = Directory.CreateTempSubdirectory("nmpi-fetch-elsewhere-").FullName;
        var name = Path.GetFileName(repository.Directory);
        File.CreateSymbolicLink(Path.Combine(_job, name), elsewhere);
        try
        {
            var failure = await Fetch(Plan(("extra_git_repositories", repository.Url)), allowFileUrls: true);

            Assert.Equal(FailureReason.InvalidInput, failure?.Reason);
            Assert.Equal($"hardware_config.extra_git_repositories[0]: the job's directory already holds '{name}', where the set-up would put what it fetches", failure?.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_job, recursive: true);

    private SpiNNakerSetupPlan Plan((string Key, string Value) entry, bool allowInternal = false)
    {
        var config = new Struct();
        config.Fields[entry.Key] = Value.ForList(Value.ForString(entry.Value));
        return SpiNNakerSetupPlan.For(config, _job, "/usr/bin/python3", new PlatformOptions(), allowFileUrls: true, allowInternal);
    }

    private Task<SetupFailure?> Fetch(SpiNNakerSetupPlan plan, bool allowInternal = false, bool allowFileUrls = false) =>
        new SetupSourceFetcher(new AdapterOptions { AllowInternalUrls = allowInternal, AllowFileUrls = allowFileUrls })
            .FetchAsync(plan, _job, _log.Add, new LeaseHandle(new LeaseRef()));
}
