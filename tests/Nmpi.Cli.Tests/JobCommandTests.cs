using System.Text.Json.Nodes;
using Google.Protobuf;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>submit, status, log -f, download, cancel and list (--watch too) against a platform with a real site adapter.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class JobCommandTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly CliWorkspace _workspace = new();
    private readonly List<int> _drawings = [];

    private const string Script = """
        import sys
        for i in range(3):
            print(f"step {i}", flush=True)
        with open("summary.txt", "w") as f:
            f.write("backend=" + sys.argv[1] + "\n")
        """;

    [Fact]
    public async Task Submit_LogFollow_Status_Download_AllAnswerAsAScientistExpects()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        Configure(platform);
        _workspace.Write("steps.py", Script);

        var submitted = await _workspace.RunAsync("submit", "steps.py", "-t", "cli", "--output", "json");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var job = JsonParser.Default.Parse<Job>(submitted.Stdout);
        Assert.Equal("steps.py {system}", job.Command);
        Assert.Equal(JobCode.SourceOneofCase.Inline, job.Code.SourceCase);

        var log = await _workspace.RunAsync("log", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f");
        Assert.True(log.ExitCode == 0, log.ToString());
        Assert.Contains("step 0", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("step 2", log.Stdout, StringComparison.Ordinal);

        var id = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = await _workspace.RunAsync("status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.StartsWith($"Job {id}: finished", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("  output     summary.txt (", status.Stdout, StringComparison.Ordinal);
        var statusJson = await _workspace.RunAsync("status", id, "--output", "json");
        Assert.Equal(JobStatus.Finished, JsonParser.Default.Parse<Job>(statusJson.Stdout).Status);

        var download = await _workspace.RunAsync("download", id, "-o", "fetched", "--output", "json");
        Assert.True(download.ExitCode == 0, download.ToString());
        var folder = Path.Combine(_workspace.Folder, "fetched", "neuro", $"job_{id}");
        Assert.Equal(folder, (string?)download.Json()["output_dir"]);
        Assert.Equal("backend=mock\n", await File.ReadAllTextAsync(Path.Combine(folder, "summary.txt")));
        Assert.Contains("step 2", await File.ReadAllTextAsync(Path.Combine(folder, $"job_{id}.log")), StringComparison.Ordinal);

        var list = await _workspace.RunAsync("list", "--status", "completed", "-t", "cli", "--output", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = list.Json()["jobs"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(listed)!["id"]);
        Assert.Equal(1, (long)list.Json()["total_count"]!);
    }

    [Fact]
    public async Task CancelQueuedJob_ListWatchRedrawsWhenItChanges_GitAndArchiveUrlsAreSubmitted()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        Configure(platform);
        _workspace.Write("steps.py", Script);

        var git = await _workspace.RunAsync("submit", "file:///srv/models.git", "--output", "json");
        var archive = await _workspace.RunAsync("submit", "http://127.0.0.1:9/model.tar.gz", "--command", "main.py {system}", "--output", "json");
        Assert.True(git.ExitCode == 0, git.ToString());
        Assert.Equal("file:///srv/models.git", JsonParser.Default.Parse<Job>(git.Stdout).Code.GitUrl);
        var archiveJob = JsonParser.Default.Parse<Job>(archive.Stdout);
        Assert.Equal("http://127.0.0.1:9/model.tar.gz", archiveJob.Code.ArchiveUrl);
        Assert.Equal("main.py {system}", archiveJob.Command);

        var queued = JsonParser.Default.Parse<Job>((await _workspace.RunAsync("submit", "steps.py", "--output", "json")).Stdout);
        using var watch = NmpiProcess.Start(_workspace, "list", "--watch", "--status", "queued", "--output", "json");
        await Eventually.HoldsAsync(() => Drawings(watch).Any(d => d == 3), Within, "list --watch to show the three queued jobs");

        var cancel = await _workspace.RunAsync("cancel", queued.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal($"Job {queued.Id}: cancelled", cancel.Stdout.Trim());
        await Eventually.HoldsAsync(() => Drawings(watch).Any(d => d == 2), Within, "list --watch to draw the list again without the cancelled job");

        var download = await _workspace.RunAsync("download", (string)git.Json()["id"]!);
        Assert.Equal(5, download.ExitCode);
        Assert.EndsWith("its outputs come once it ends (`nmpi log " + (string?)git.Json()["id"] + " -f` follows it).", download.Stderr.Trim(), StringComparison.Ordinal);
    }

    // Each drawing of list --watch --output json is one JSON line; answers the number of jobs in each.
    private List<int> Drawings(NmpiProcess watch)
    {
        while (watch.Lines.TryDequeue(out var line))
        {
            _drawings.Add(JsonNode.Parse(line)!["jobs"]!.AsArray().Count);
        }

        return _drawings;
    }

    private void Configure(PlatformHost platform) =>
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", $"server: {platform.GrpcUrl}", $"token: {PlatformHost.AliceToken}");

    public void Dispose() => _workspace.Dispose();
}
