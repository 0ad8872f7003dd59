using System.Globalization;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// An adapter cut off from the gateway kills its job before the lease can lapse, so the run another adapter starts
/// afterwards never overlaps it (issue 15, A4). The runs note themselves in a ledger outside the platform.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdapterFencingTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    // Notes "<runner> start|tick|end <unix time>" in the ledger; runs 60 s unless the test releases it.
    private const string LedgerJob = """
        import os, time
        ledger = os.environ["FENCE_LEDGER"]
        runner = os.environ["FENCE_RUNNER"]
        def note(event):
            with open(os.path.join(ledger, "ledger.txt"), "a") as f:
                f.write(f"{runner} {event} {time.time():.3f}\n")
        note("start")
        # The test holds the second run here while it looks for the first one's processes.
        while runner == "second" and not os.path.exists(os.path.join(ledger, "go")):
            time.sleep(0.1)
        began = time.monotonic()
        while time.monotonic() - began < 60 and not os.path.exists(os.path.join(ledger, "release")):
            note("tick")
            time.sleep(0.2)
        note("end")
        """;

    [Fact]
    public async Task Adapter_CutOffFromTheGateway_KillsItsJobBeforeTheLeaseLapses_SoTheNextRunNeverOverlapsIt()
    {
        // A 10 s lease renewed every second; the adapters' kill grace is 1 s, so the derived margin is 2 s and the kill starts 7 s after the last renewal.
        await using var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Jobs:LeaseDuration"] = "00:00:10",
            ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:01",
        });
        var ledger = Directory.CreateTempSubdirectory("nmpi-ledger-").FullName;
        try
        {
            await RunAsync(platform, ledger);
        }
        finally
        {
            Directory.Delete(ledger, recursive: true);
        }
    }

    private static async Task RunAsync(PlatformHost platform, string ledger)
    {
        // Each run is a user of its own: the ledger is writable by all, its directory readable by all.
        var ledgerFile = Path.Combine(ledger, "ledger.txt");
        await File.WriteAllTextAsync(ledgerFile, "");
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            File.SetUnixFileMode(ledgerFile, readable | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
            File.SetUnixFileMode(ledger, readable | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        await using var link = CuttableLink.To(new Uri(platform.GrpcUrl).Port);
        await using var first = await SiteAdapterHost.StartAsync(platform, capacity: 1, settings: Settings(ledger, "first", link.Url));
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = LedgerJob };
        var submitted = await alice.SubmitJobAsync(request);
        await Eventually.HoldsAsync(() => Notes(ledgerFile).Any(n => n.Runner == "first" && n.Event == "tick"), Within, "the first run to tick");
        var firstRun = RunPids(ledger, "first");
        Assert.NotEmpty(firstRun);

        link.Cut();
        try
        {
            await using var second = await SiteAdapterHost.StartAsync(platform, capacity: 1, settings: Settings(ledger, "second", platform.GrpcUrl));
            await CheckNoOverlapAsync(alice, submitted.Id, ledger, firstRun);
        }
        finally
        {
            // Back online, the first adapter's reports meet a fenced lease and it stops without waiting out its shutdown timeout.
            link.Mend();
        }
    }

    private static async Task CheckNoOverlapAsync(Jobs.JobsClient alice, long jobId, string ledger, int[] firstRun)
    {
        var ledgerFile = Path.Combine(ledger, "ledger.txt");
        await Eventually.HoldsAsync(() => Notes(ledgerFile).Any(n => n.Runner == "second" && n.Event == "start"), Within, "the second run to start");

        // The second run is held at its start: had the first survived, it would be alive now.
        Assert.All(firstRun, pid => Assert.False(ProcessProbe.IsAlive(pid), $"process {pid} of the first run is alive while the second run runs"));
        Assert.Empty(RunPids(ledger, "first"));
        var notes = Notes(ledgerFile);
        var secondStart = notes.Single(n => n.Runner == "second" && n.Event == "start").At;
        Assert.All(notes.Where(n => n.Runner == "first"), n => Assert.True(n.At < secondStart, $"the first run noted '{n.Event}' at {n.At}, after the second started at {secondStart}"));
        Assert.DoesNotContain(notes, n => n.Runner == "first" && n.Event == "end");

        await File.WriteAllTextAsync(Path.Combine(ledger, "go"), "");
        await File.WriteAllTextAsync(Path.Combine(ledger, "release"), "");
        var job = await JobRequests.WaitForStatusAsync(alice, jobId, JobStatus.Finished, Within);
        Assert.Equal(2, job.Attempt);
    }

    private static Dictionary<string, string?> Settings(string ledger, string runner, string gatewayUrl) => new()
    {
        ["GatewayUrl"] = gatewayUrl,
        ["WritablePaths:0"] = ledger,
        ["JobEnvironment:FENCE_LEDGER"] = ledger,
        ["JobEnvironment:FENCE_RUNNER"] = runner,
    };

    private static List<Note> Notes(string ledgerFile) =>
        [.. File.ReadAllLines(ledgerFile).Where(l => l.Length > 0).Select(l => l.Split(' ')).Where(w => w.Length == 3)
            .Select(w => new Note(w[0], w[1], double.Parse(w[2], CultureInfo.InvariantCulture)))];

    // Every process of one runner's run (wrappers, sandbox, interpreter), found by the environment the adapter gave it.
    private static int[] RunPids(string ledger, string runner) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessProbe.IsAlive(pid) && Environment(pid) is { } environment
                && environment.Contains($"FENCE_RUNNER={runner}") && environment.Contains($"FENCE_LEDGER={ledger}"))];

    private static HashSet<string>? Environment(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/environ").Split('\0')];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Note(string Runner, string Event, double At);
}
