using System.Net;
using System.Net.Sockets;
using Nmpi.Adapters.Preparation;
using Nmpi.Adapters.Tests.Support;

namespace Nmpi.Adapters.Tests;

/// <summary>Cloning a job's repository with the real git: a local repository the test makes, a missing one, a server that never answers.</summary>
public sealed class GitClonerTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly string _destination = Directory.CreateTempSubdirectory("nmpi-clone-").FullName;

    [Fact]
    public async Task Clone_OfALocalRepository_ChecksOutItsFilesWithoutHooks()
    {
        using var repository = LocalGitRepository.Create(("run.py", "print('from git')\n"), ("lib/model.py", "x = 1\n"));

        await Cloner().CloneAsync(Url(repository.Url), _destination, CancellationToken.None);

        Assert.Equal("print('from git')\n", File.ReadAllText(Path.Combine(_destination, "run.py")));
        Assert.Equal("x = 1\n", File.ReadAllText(Path.Combine(_destination, "lib", "model.py")));
        Assert.False(Directory.Exists(Path.Combine(_destination, ".git", "hooks")));
        Assert.True(File.Exists(Path.Combine(_destination, ".git", "shallow")));
    }

    [Fact]
    public async Task Clone_OfAMissingRepository_FailsWithGitsReason()
    {
        var missing = new Uri(Path.Combine(_destination, "..", $"no-such-repo-{Guid.NewGuid():N}")).AbsoluteUri;

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Cloner().CloneAsync(Url(missing), _destination, CancellationToken.None));

        Assert.StartsWith($"git clone of {missing} failed: fatal: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not appear to be a git repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clone_OfAFileUrl_IsRefusedByGitWhenTheSiteDoesNotAllowThem()
    {
        using var repository = LocalGitRepository.Create(("run.py", "print(1)\n"));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new GitCloner(Generous, allowFileUrls: false).CloneAsync(Url(repository.Url), _destination, CancellationToken.None));

        Assert.Equal($"git clone of {repository.Url} failed: fatal: transport 'file' not allowed", error.Message);
        Assert.False(File.Exists(Path.Combine(_destination, "run.py")));
    }

    [Fact]
    public async Task Clone_FromAServerThatNeverAnswers_IsKilledAtTheTimeLimit()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/model.git";

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new GitCloner(TimeSpan.FromSeconds(1), allowFileUrls: false, allowInternal: true).CloneAsync(Url(url), _destination, CancellationToken.None));

        Assert.Equal($"git clone of {url} did not finish within 00:00:01", error.Message);
    }

    [Fact]
    public async Task Clone_ConnectsToTheAddressesThatWereChecked_NotToWhatTheNameResolvesToLater()
    {
        // The name exists only for the check: git must connect to the checked address without resolving the name
        // again (which fails here, and which a rebinding name would answer with another address).
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var url = $"http://repository.pinned.test:{port}/model.git";
        var resolved = new List<string>();
        Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken)
        {
            resolved.Add(host);
            return Task.FromResult(new[] { IPAddress.Loopback });
        }

        var cloner = new GitCloner(TimeSpan.FromSeconds(5), allowFileUrls: false, allowInternal: true, resolve: Resolve);
        var clone = cloner.CloneAsync(Url(url), _destination, CancellationToken.None);
        using var connection = await server.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => clone);
        Assert.Equal($"git clone of {url} did not finish within 00:00:05", error.Message);
        Assert.Equal(["repository.pinned.test"], resolved);
    }

    [Fact]
    public async Task Clone_OfANameThatResolvesInsideTheSite_IsRefusedBeforeGitRuns()
    {
        var url = "http://repository.rebound.test/model.git";
        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new GitCloner(Generous, allowFileUrls: false, resolve: (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.7") }))
                .CloneAsync(Url(url), _destination, CancellationToken.None));

        Assert.Equal($"git repository {url} leads to 10.0.0.7, an address of the site's own network, which this site does not fetch from", error.Message);
    }

    [Fact]
    public async Task Clone_UrlWithShellSyntax_IsOneArgumentNotACommand()
    {
        var marker = Path.Combine(_destination, "..", $"pwned-{Guid.NewGuid():N}");
        var url = $"http://127.0.0.1:1/model.git?$(touch%20{marker})";

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => Cloner().CloneAsync(Url(url), _destination, CancellationToken.None));

        Assert.StartsWith("git clone of http://127.0.0.1:1/model.git?$(touch", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/model.git", "127.0.0.1")]
    [InlineData("https://169.254.169.254/latest/meta-data.git", "169.254.169.254")]
    [InlineData("http://[fd00::1]/model.git", "fd00::1")]
    public async Task Clone_FromTheSitesOwnNetwork_IsRefusedBeforeGitRuns(string url, string address)
    {
        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new GitCloner(Generous, allowFileUrls: false).CloneAsync(Url(url), _destination, CancellationToken.None));

        Assert.Equal($"git repository {url} leads to {address}, an address of the site's own network, which this site does not fetch from", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_destination));
    }

    [Fact]
    public async Task Clone_LargerThanTheSitesLimit_IsStoppedWithASizeError()
    {
        var noise = string.Concat(Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid().ToString("N")));
        using var repository = LocalGitRepository.Create(("run.py", "print(1)\n"), ("data/noise.txt", noise));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            new GitCloner(Generous, allowFileUrls: true, maxBytes: 100_000).CloneAsync(Url(repository.Url), _destination, CancellationToken.None));

        Assert.Equal($"git clone of {repository.Url} is larger than this site's limit of 100000 bytes", error.Message);
    }

    public void Dispose() => Directory.Delete(_destination, recursive: true);

    // Test servers are on loopback, so these clones allow the site's own network; the guard has its own test.
    private static GitCloner Cloner() => new(Generous, allowFileUrls: true, allowInternal: true);

    private static SourceUrl Url(string url) => SourceUrl.Parse(url, "git repository", allowFileUrls: true);
}
