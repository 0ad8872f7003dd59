using System.Globalization;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>
/// `nmpi run` end to end with a real site adapter: a real PyNN network on Brian2, and batch mode with `check`.
/// These need the adapter to run uploaded code bundles (JobCode.artifact_id).
/// </summary>
[Collection(CliPostgresCollection.Name)]
public sealed class RunTests(PostgresFixture postgres) : IDisposable
{
    // A cold Brian2 compiles its Cython code first; CI warms one shared cache (CYTHON_CACHE_DIR) before the tests.
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task Run_PyNNNetworkOnBrainScaleSEss_SavesOutputsUnderCollabJobFolder_WritesAndPrintsTheLog()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, "BrainScaleS-ESS", settings: new Dictionary<string, string?> { ["Backend"] = "brian2" });
        _workspace.Config("collab_id: neuro", "default_platform: BrainScaleS-ESS", "default_output_dir: OUTPUT", $"server: {platform.GrpcUrl}", $"token: {PlatformHost.AliceToken}");
        File.Copy(Path.Combine(CliWorkspace.PyNNScripts, "network.py"), Path.Combine(_workspace.Folder, "network.py"));

        var result = await _workspace.RunAsync("run", "network.py");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Uploaded 1 file (", result.Stdout, StringComparison.Ordinal);
        var id = Assert.Single((await platform.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest())).Jobs).Id;
        var folder = Path.Combine(_workspace.Folder, "OUTPUT", "neuro", $"job_{id}");
        Assert.Equal(
            [$"job_{id}.log", "results.pkl", "summary.txt"],
            Directory.EnumerateFiles(folder).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal));
        var summary = await File.ReadAllTextAsync(Path.Combine(folder, "summary.txt"));
        Assert.Contains("backend=brian2", summary, StringComparison.Ordinal);
        Assert.Contains("cells=10", summary, StringComparison.Ordinal);

        // The log is on disk and was printed while the job ran.
        var log = await File.ReadAllTextAsync(Path.Combine(folder, $"job_{id}.log"));
        var recorded = log.Split('\n').Single(l => l.Contains("recorded ", StringComparison.Ordinal));
        Assert.Contains(recorded.TrimEnd(), result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Job {id}: running", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Job {id} finished: 2 output files and the log (job_{id}.log) in {folder}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBatch_CheckSaysNotFinished_ThenFetchesTheEndedJobAndForgetsIt()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", $"server: {platform.GrpcUrl}", $"token: {PlatformHost.AliceToken}");
        _workspace.Write("run.py", "import sys\nprint('batch run on', sys.argv[1])\nopen('answer.txt', 'w').write('42\\n')\n");
        var remembered = Path.Combine(_workspace.Folder, ".incomplete_jobs.yml");

        var submitted = await _workspace.RunAsync("run", "-b", "run.py");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = Assert.Single((await platform.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest())).Jobs).Id;
        Assert.Contains($"Submitted job {id} to SpiNNaker for collab neuro.", submitted.Stdout, StringComparison.Ordinal);

        // No adapter is online yet: the job waits, check says so and keeps it.
        var early = await _workspace.RunAsync("check");
        Assert.Equal(5, early.ExitCode);
        Assert.Contains($"Job {id}: submitted (", early.Stdout, StringComparison.Ordinal);
        Assert.Contains("not finished yet.", early.Stdout, StringComparison.Ordinal);
        Assert.Contains($"id: {id}", await File.ReadAllTextAsync(remembered), StringComparison.Ordinal);

        await using (var adapter = await SiteAdapterHost.StartAsync(platform))
        {
            await JobRequests.WaitForStatusAsync(platform.Jobs(PlatformHost.AliceToken), id, JobStatus.Finished, Within);
        }

        var check = await _workspace.RunAsync("check", "--output", "json");
        Assert.True(check.ExitCode == 0, check.ToString());
        var folder = Path.Combine(_workspace.Folder, "neuro", $"job_{id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(folder, (string?)check.Json()["fetched"]![0]!["output_dir"]);
        Assert.Empty(check.Json()["pending"]!.AsArray());
        Assert.Equal("42\n", await File.ReadAllTextAsync(Path.Combine(folder, "answer.txt")));
        Assert.Contains("batch run on mock", await File.ReadAllTextAsync(Path.Combine(folder, $"job_{id}.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(remembered), "every remembered job was fetched");

        var again = await _workspace.RunAsync("check");
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("No incomplete jobs here", again.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();
}
