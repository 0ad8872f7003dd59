using System.Text;
using Grpc.Core;
using Nmpi.Adapters.Tests.Support;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// Jobs whose code comes from a git repository or an archive, and jobs with input data, run end to end by the real
/// adapter: the repository is a real one the test makes with git, archives and data come from a real HTTP server on 127.0.0.1.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CodeSourceTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly string _siteData = Directory.CreateTempSubdirectory("nmpi-site-data-").FullName;

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    // The repository the tests make is a local path; a real site would leave file URLs off.
    private static readonly Dictionary<string, string?> FileUrlsAllowed = new() { ["AllowFileUrls"] = "true" };

    // Imports a module that came with it, so the job works only if the whole code arrived, not just its script.
    private const string RunPy = """
        import os, sys
        from model.network import describe
        os.makedirs("out", exist_ok=True)
        with open("out/result.txt", "w") as f:
            f.write(describe(sys.argv[1]) + "\n")
        """;

    private const string NetworkPy = """
        def describe(backend):
            return "network of 10 neurons on " + backend
        """;

    [Fact]
    public async Task GitRepository_IsClonedRunAndItsOutputDownloads()
    {
        using var repository = LocalGitRepository.Create(("run.py", RunPy), ("model/__init__.py", ""), ("model/network.py", NetworkPy));
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: FileUrlsAllowed);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Request(new JobCode { GitUrl = repository.Url }));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        var output = Assert.Single(job.OutputData);
        Assert.Equal("out/result.txt", output.Path);
        Assert.Equal("network of 10 neurons on mock\n", await JobRequests.DownloadTextAsync(alice, job.Id, output.Path));
    }

    [Fact]
    public async Task ZipArchive_ServedOverHttp_IsUnpackedAndRun()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var url = server.Serve("/model.zip", TestArchives.Zip(("run.py", RunPy), ("model/__init__.py", ""), ("model/network.py", NetworkPy)));
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Request(new JobCode { ArchiveUrl = url }));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        var output = Assert.Single(job.OutputData);
        Assert.Equal("network of 10 neurons on mock\n", await JobRequests.DownloadTextAsync(alice, job.Id, output.Path));
    }

    [Fact]
    public async Task TarGzArchive_WithOneTopLevelFolder_RunsFromInsideItAndReportsPathsWithoutIt()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var url = server.Serve("/model-main.tar.gz", TestArchives.TarGz(
            ("model-main/", ""), ("model-main/run.py", RunPy), ("model-main/model/__init__.py", ""), ("model-main/model/network.py", NetworkPy)));
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Request(new JobCode { ArchiveUrl = url }));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        var output = Assert.Single(job.OutputData);
        Assert.Equal("out/result.txt", output.Path);
        Assert.Equal("network of 10 neurons on mock\n", await JobRequests.DownloadTextAsync(alice, job.Id, output.Path));
    }

    [Fact]
    public async Task MaliciousArchive_EndsInInvalidInputNamingTheEntryAndWritesNothingOutside()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var escaped = $"escaped-{Guid.NewGuid():N}.py";
        var url = server.Serve("/model.zip", TestArchives.Zip(("run.py", "print('never run')\n"), ($"../../{escaped}", "owned")));
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Request(new JobCode { ArchiveUrl = url }));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.InvalidInput, job.Failure.Reason);
        Assert.Equal($"the archive contains a path leading out of the job directory: ../../{escaped}", job.Failure.Message);
        Assert.Empty(job.OutputData);
        Assert.False(File.Exists(Path.Combine(adapter.WorkDirectory, "..", escaped)));
        Assert.False(File.Exists(Path.Combine(adapter.WorkDirectory, escaped)));
    }

    [Fact]
    public async Task InputData_AreFetchedBesideTheScriptAndAreNotReportedAsOutputs()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var numbers = server.Serve("/data/numbers.csv", "1,2,3,4\n"u8.ToArray());
        var scale = Path.Combine(_siteData, "scale.txt");
        File.WriteAllText(scale, "10\n");
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: FileUrlsAllowed);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Request(new JobCode
        {
            Inline = """
                total = sum(int(x) for x in open("numbers.csv").read().split(","))
                factor = int(open("scale.txt").read())
                with open("sum.txt", "w") as f:
                    f.write(str(total * factor))
                """,
        });
        request.InputData.Add(numbers);
        request.InputData.Add(new Uri(scale).AbsoluteUri);
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        var output = Assert.Single(job.OutputData);
        Assert.Equal("sum.txt", output.Path);
        Assert.Equal("100", await JobRequests.DownloadTextAsync(alice, job.Id, output.Path));
    }

    [Fact]
    public async Task InputData_ThatIsMissing_EndsInInvalidInputWithTheHttpStatus()
    {
        await using var server = await LocalHttpServer.StartAsync();
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Request(new JobCode { Inline = "print('never run')\n" });
        request.InputData.Add(server.BaseUrl + "/missing.csv");
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.InvalidInput, job.Failure.Reason);
        Assert.Equal($"input data {server.BaseUrl}/missing.csv answered HTTP 404", job.Failure.Message);
    }

    [Fact]
    public async Task InputData_OnTheSitesOwnNetwork_EndsInInvalidInputUnlessTheSiteAllowsIt()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var secret = server.Serve("/internal/secret.txt", Encoding.UTF8.GetBytes("internal"));
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?> { ["AllowInternalUrls"] = "false" });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Request(new JobCode { Inline = "print('never run')\n" });
        request.InputData.Add(secret);
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.InvalidInput, job.Failure.Reason);
        Assert.Equal($"input data {secret} leads to 127.0.0.1, an address of the site's own network, which this site does not fetch from", job.Failure.Message);
        Assert.Equal(0, server.RequestCount("/internal/secret.txt"));
        Assert.Empty(job.OutputData);
    }

    public void Dispose() => Directory.Delete(_siteData, recursive: true);

    private static SubmitJobRequest Request(JobCode code)
    {
        var request = JobRequests.Inline();
        request.Code = code;
        return request;
    }
}
