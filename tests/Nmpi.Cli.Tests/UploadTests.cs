using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi run -b` uploads the script's folder by content hash: unchanged files never travel twice, secrets and results never.</summary>
[Collection(CliPostgresCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class UploadTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task RunTwice_SecondUploadsNothing_AChangedFileGoesAlone()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        Configure(platform);
        _workspace.Write("run.py", "import helper\nhelper.main()\n");
        _workspace.Write("helper.py", "def main():\n    print('hi')\n");

        var first = await _workspace.RunAsync("run", "-b", "run.py");
        var second = await _workspace.RunAsync("run", "-b", "run.py");
        _workspace.Write("helper.py", "def main():\n    print('changed')\n");
        var third = await _workspace.RunAsync("run", "-b", "run.py");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Uploaded 2 files (", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("), 0 unchanged.", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Uploaded 0 files (0 B), 2 unchanged.", second.Stdout, StringComparison.Ordinal);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("Uploaded 1 file (", third.Stdout, StringComparison.Ordinal);
        Assert.Contains("), 1 unchanged.", third.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UploadsTheFolderWithoutDotFilesCachesConfigResultsOrLinks_AndRemembersTheBatchJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        Configure(platform);
        _workspace.Write("run.py", "print('hi')\n");
        _workspace.Write("model/cells.py", "CELLS = 10\n");
        var tool = _workspace.Write("tools/prepare.sh", "#!/bin/sh\necho ready\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _workspace.Write(".secret", "not code\n");
        _workspace.Write(".git/config", "[core]\n");
        _workspace.Write("__pycache__/helper.cpython-311.pyc", "bytecode");
        _workspace.Write("model/old.pyc", "bytecode");
        _workspace.Write("results/neuro/job_1/output.txt", "an earlier result\n");
        File.CreateSymbolicLink(Path.Combine(_workspace.Folder, "linked.py"), "/etc/hostname");

        var result = await _workspace.RunAsync("run", "-b", "run.py", "-t", "first", "-t", "second", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = result.Json();
        var job = Google.Protobuf.JsonParser.Default.Parse<Job>(answer["job"]!.ToJsonString());
        Assert.Equal("run.py {system}", job.Command);
        Assert.Equal(["first", "second"], job.Tags);
        Assert.Equal("SpiNNaker", job.HardwarePlatform);
        var bundle = await platform.Jobs(PlatformHost.AliceToken).GetCodeBundleAsync(new GetCodeBundleRequest { Id = job.Code.ArtifactId });
        Assert.Equal(["model/cells.py", "run.py", "tools/prepare.sh"], bundle.Files.Select(f => f.Path));
        Assert.Equal([false, false, true], bundle.Files.Select(f => f.Executable));
        Assert.Equal("neuro", bundle.Collab);
        Assert.Equal(3, (int)answer["upload"]!["uploaded"]!);

        var remembered = await File.ReadAllTextAsync(Path.Combine(_workspace.Folder, ".incomplete_jobs.yml"));
        Assert.Contains($"id: {job.Id}", remembered, StringComparison.Ordinal);
        Assert.Contains($"output_dir: {Path.Combine(_workspace.Folder, "results")}", remembered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExtraArgumentsFollowSystem_AndArgumentsWithSpacesAreRefused()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        Configure(platform);
        _workspace.Write("sweep.py", "print('hi')\n");

        var result = await _workspace.RunAsync("run", "-b", "sweep.py", "--output", "json", "--", "--rate", "40");
        var spaced = await _workspace.RunAsync("run", "-b", "sweep.py", "two words");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("sweep.py {system} --rate 40", (string?)result.Json()["job"]!["command"]);
        Assert.Equal(2, spaced.ExitCode);
        Assert.StartsWith("The argument 'two words' is empty or holds white space", spaced.Stderr.Trim(), StringComparison.Ordinal);
    }

    private void Configure(PlatformHost platform) =>
        _workspace.Config(
            "collab_id: neuro",
            "default_platform: SpiNNaker",
            "default_output_dir: results",
            $"server: {platform.GrpcUrl}",
            $"token: {PlatformHost.AliceToken}");

    public void Dispose() => _workspace.Dispose();
}
