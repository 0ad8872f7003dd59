using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>The gateway and its silo restart while a real adapter runs a job: the job keeps running and nothing it reported is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayRestartTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    // Prints a numbered line every 0.2 s until the test lets it finish, then writes its result.
    private const string CountsUntilReleased = """
        import os, time
        i = 0
        while not os.path.exists("release"):
            print(f"tick {i}", flush=True)
            i += 1
            time.sleep(0.2)
        print(f"released after {i} ticks", flush=True)
        with open("result.txt", "w") as f:
            f.write(str(i))
        """;

    [Fact]
    public async Task GatewayRestart_WhileAJobRuns_TheJobKeepsRunningAndFinishesWithItsWholeLog()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" });
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = CountsUntilReleased };
        var submitted = await alice.SubmitJobAsync(request);
        await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Running, Within);
        await Eventually.HoldsAsync(async () => (await alice.GetJobAsync(new GetJobRequest { Id = submitted.Id, IncludeLog = true })).Log.Contains("tick 3", StringComparison.Ordinal), Within, "the job to log");

        await platform.StopSiloAsync();
        var pids = ScriptPids(adapter.JobDirectory(submitted.Id));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.True(ProcessProbe.IsAlive(pid), "the job must keep running while the gateway is down"));
        await platform.StartSiloAsync();
        await File.WriteAllTextAsync(Path.Combine(adapter.JobDirectory(submitted.Id), "release"), "");
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        Assert.Equal(1, job.Attempt);
        var ticks = int.Parse(await JobRequests.DownloadTextAsync(alice, job.Id, "result.txt"), System.Globalization.CultureInfo.InvariantCulture);
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[11..]).ToArray();
        Assert.Equal(Enumerable.Range(0, ticks).Select(i => $"tick {i}").Append($"released after {ticks} ticks"), lines);
    }

    // The job's python processes, found by their working directory.
    private static int[] ScriptPids(string jobDirectory) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Cwd(pid) == jobDirectory && Command(pid).Contains("python", StringComparison.Ordinal))
            .ToArray();

    private static string? Cwd(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }
}
