using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Adapters.Preparation;
using Nmpi.Adapters.Tests.Support;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests;

/// <summary>A job's whole directory, prepared from each code source plus its input data, as the runner will see it.</summary>
public sealed class JobPreparationTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-prepare-").FullName;
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    [Fact]
    public async Task Inline_WritesTheScriptWhereTheCommandNamesIt()
    {
        var workspace = JobWorkspace.Create(_root, new JobAttempt(1, 1));

        await PrepareAsync(Job(new JobCode { Inline = "print(1)\n" }), workspace, "scripts/main.py");

        Assert.Equal("print(1)\n", File.ReadAllText(Path.Combine(workspace.Directory, "scripts", "main.py")));
    }

    [Fact]
    public async Task Git_WithoutTheCommandsScript_IsRefusedByName()
    {
        using var repository = LocalGitRepository.Create(("model.py", "x = 1\n"));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            PrepareAsync(Job(new JobCode { GitUrl = repository.Url }), JobWorkspace.Create(_root, new JobAttempt(2, 1))));

        Assert.Equal($"the git repository {repository.Url} has no run.py to run", error.Message);
    }

    [Fact]
    public async Task Git_FileUrlOnASiteThatDoesNotAllowThem_IsRefusedBeforeGitRuns()
    {
        using var repository = LocalGitRepository.Create(("run.py", "print(1)\n"));
        var workspace = JobWorkspace.Create(_root, new JobAttempt(3, 1));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() =>
            PrepareAsync(Job(new JobCode { GitUrl = repository.Url }), workspace, allowFileUrls: false));

        Assert.Equal($"git repository {repository.Url} is a file URL, which this site does not allow", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace.Directory));
    }

    [Fact]
    public async Task Archive_WithOneTopLevelFolderHoldingTheScript_RunsFromInsideIt()
    {
        var url = _server.Serve("/model-main.tar.gz", TestArchives.TarGz(
            ("model-main/", ""), ("model-main/run.py", "print(1)\n"), ("model-main/model-main/nested.txt", "same name inside")));
        var workspace = JobWorkspace.Create(_root, new JobAttempt(4, 1));

        await PrepareAsync(Job(new JobCode { ArchiveUrl = url }), workspace);

        Assert.Equal(["model-main", "run.py"], Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(workspace.Directory, "model-main", "nested.txt")));
        Assert.False(File.Exists(workspace.Directory + ".download"));
    }

    [Fact]
    public async Task Archive_WhoseCommandNamesThePathInsideItsFolder_IsLeftAsUnpacked()
    {
        var url = _server.Serve("/model.zip", TestArchives.Zip(("model/run.py", "print(1)\n")));
        var workspace = JobWorkspace.Create(_root, new JobAttempt(5, 1));

        await PrepareAsync(Job(new JobCode { ArchiveUrl = url }), workspace, "model/run.py");

        Assert.True(File.Exists(Path.Combine(workspace.Directory, "model", "run.py")));
    }

    [Fact]
    public async Task Archive_WithTheScriptNowhere_IsRefusedByName()
    {
        var url = _server.Serve("/model.zip", TestArchives.Zip(("a/run.py", "print(1)\n"), ("b/run.py", "print(2)\n")));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => PrepareAsync(Job(new JobCode { ArchiveUrl = url }), JobWorkspace.Create(_root, new JobAttempt(6, 1))));

        Assert.Equal($"the code archive {url} has no run.py to run", error.Message);
    }

    [Fact]
    public async Task Archive_ThatIsMissing_NamesTheHttpStatus()
    {
        var url = _server.BaseUrl + "/gone.zip";

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => PrepareAsync(Job(new JobCode { ArchiveUrl = url }), JobWorkspace.Create(_root, new JobAttempt(7, 1))));

        Assert.Equal($"code archive {url} answered HTTP 404", error.Message);
    }

    [Fact]
    public async Task InputData_LandBesideTheCode()
    {
        var spikes = _server.Serve("/data/spikes.csv", "1,2,3\n"u8.ToArray());
        var weights = _server.Serve("/weights%20v2.npy", [0x93, 0x4e]);
        var workspace = JobWorkspace.Create(_root, new JobAttempt(8, 1));

        await PrepareAsync(Job(new JobCode { Inline = "print(1)\n" }, spikes, weights), workspace);

        Assert.Equal("1,2,3\n", File.ReadAllText(Path.Combine(workspace.Directory, "spikes.csv")));
        Assert.Equal([0x93, 0x4e], File.ReadAllBytes(Path.Combine(workspace.Directory, "weights_v2.npy")));
    }

    [Fact]
    public async Task InputData_WithTheScriptsName_IsRefusedAndTheScriptKept()
    {
        var url = _server.Serve("/run.py", "print('replaced')\n"u8.ToArray());
        var workspace = JobWorkspace.Create(_root, new JobAttempt(9, 1));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => PrepareAsync(Job(new JobCode { Inline = "print(1)\n" }, url), workspace));

        Assert.Equal($"input data {url} would overwrite run.py, which the job's directory already holds", error.Message);
        Assert.Equal("print(1)\n", File.ReadAllText(Path.Combine(workspace.Directory, "run.py")));
    }

    [Fact]
    public async Task InputData_OverADanglingLinkFromTheRepository_IsRefusedAndNothingIsWrittenOutside()
    {
        var outside = Path.Combine(_root, $"outside-{Guid.NewGuid():N}.csv");
        using var repository = LocalGitRepository.Create(("run.py", "print(1)\n"));
        repository.CommitSymbolicLink("data.csv", outside);
        var url = _server.Serve("/data.csv", "owned"u8.ToArray());

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => PrepareAsync(Job(new JobCode { GitUrl = repository.Url }, url), JobWorkspace.Create(_root, new JobAttempt(10, 1))));

        Assert.Equal($"input data {url} would overwrite data.csv, which the job's directory already holds", error.Message);
        Assert.False(File.Exists(outside));
    }

    [Fact]
    public async Task InputData_ThatIsMissing_NamesTheHttpStatus()
    {
        var url = _server.BaseUrl + "/nothing.csv";

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => PrepareAsync(Job(new JobCode { Inline = "print(1)\n" }, url), JobWorkspace.Create(_root, new JobAttempt(11, 1))));

        Assert.Equal($"input data {url} answered HTTP 404", error.Message);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static Job Job(JobCode code, params string[] inputData)
    {
        var job = new Job { Id = 1, Code = code };
        job.InputData.AddRange(inputData);
        return job;
    }

    private async Task PrepareAsync(Job job, JobWorkspace workspace, string script = "run.py", bool allowFileUrls = true)
    {
        var options = new AdapterOptions { WorkDirectory = _root, AllowFileUrls = allowFileUrls, AllowInternalUrls = true, MaxDownloadBytes = 1 << 20 };
        using var preparation = new JobPreparation(Options.Create(options), NullLogger<JobPreparation>.Instance);
        await preparation.PrepareAsync(job, workspace, script, CancellationToken.None);
    }
}
