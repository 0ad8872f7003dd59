using System.Reflection;
using Nmpi.Adapters;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>A site adapter process killed with SIGKILL in the middle of a job: the job survives it, exactly once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdapterCrashTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    // Short leases, so the killed adapter's lease lapses within seconds (5 s: room for the adapters' heartbeat + kill grace + fence margin).
    private static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Nmpi:Jobs:LeaseDuration"] = "00:00:05",
        ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500",
        ["Nmpi:Scheduling:SweepInterval"] = "00:00:00.200",
    };

    // Each run records its pid and its attempt, works for a while, then writes its result.
    private const string Script = """
        import os, sys, time
        with open("pids.txt", "a") as f:
            f.write(f"{os.getpid()}\n")
        print("working", flush=True)
        time.sleep(float(os.environ.get("NMPI_TEST_WORK_SECONDS", "4")))
        with open("result.txt", "w") as f:
            f.write("done\n")
        print("done")
        """;

    [Fact]
    public async Task AdapterKilledMidJob_LeaseLapses_AnotherAdapterRunsItAndItEndsExactlyOnce()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, ShortLeases);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var work = Directory.CreateTempSubdirectory("nmpi-crash-").FullName;
        var first = AdapterProcess(platform, work, "first");
        first.Start();
        try
        {
            var request = JobRequests.Inline();
            request.Code = new JobCode { Inline = Script };
            var submitted = await alice.SubmitJobAsync(request);
            await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Running, Within);
            var firstPids = Path.Combine(work, "first", "jobs", new JobAttempt(submitted.Id, 1).Name, "pids.txt");
            await Eventually.HoldsAsync(() => File.Exists(firstPids) && ProcessProbe.ReadPids(firstPids).Length == 1, Within, "the first adapter to start the script");

            await first.KillAloneAsync();

            // The script of the dead adapter must not go on running beside the second attempt.
            var orphan = ProcessProbe.ReadPids(firstPids)[0];
            await Eventually.HoldsAsync(() => !ProcessProbe.IsAlive(orphan), TimeSpan.FromSeconds(10), "the killed adapter's job process to die with it");

            await using var second = await SiteAdapterHost.StartAsync(platform, capacity: 1);
            var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

            Assert.Equal(2, job.Attempt);
            Assert.Single(job.History, t => t.To is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled);
            Assert.Equal(2, job.History.Count(t => t.To == JobStatus.Running));
            Assert.Contains(job.History, t => t.From == JobStatus.Running && t.To == JobStatus.Submitted);
            Assert.False(File.Exists(Path.Combine(work, "first", "jobs", new JobAttempt(submitted.Id, 1).Name, "result.txt")), "the first run must never have finished");
            Assert.Contains(job.OutputData, o => o.Path == "result.txt");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(first.Tail(), e);
        }
        finally
        {
            await first.KillAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static ClusterProcess AdapterProcess(PlatformHost platform, string work, string name)
    {
        var jobs = Path.Combine(work, name, "jobs");
        Directory.CreateDirectory(jobs);
        var environment = new Dictionary<string, string>
        {
            ["Nmpi__Adapter__GatewayUrl"] = platform.GrpcUrl,
            ["Nmpi__Adapter__ApiKey"] = PlatformHost.SiteKey,
            ["Nmpi__Adapter__Name"] = name,
            ["Nmpi__Adapter__Platform"] = "SpiNNaker",
            ["Nmpi__Adapter__Capacity"] = "1",
            ["Nmpi__Adapter__WorkDirectory"] = jobs,
            ["Nmpi__Adapter__PollWait"] = "00:00:02",

            // An adapter refuses a lease shorter than heartbeat + kill grace + fence margin; it fences 3.5 s after its last renewal.
            ["Nmpi__Adapter__KillGrace"] = "00:00:00.500",
            ["Nmpi__Adapter__LeaseSafetyMargin"] = "00:00:01",

            // Jobs start with none of the adapter's environment; the site passes variables to them through JobEnvironment.
            ["Nmpi__Adapter__JobEnvironment__NMPI_TEST_WORK_SECONDS"] = "30",
            ["DOTNET_gcServer"] = "0",
        };
        var directory = typeof(AdapterCrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AdapterHostDirectory").Value!;
        return new ClusterProcess(name, Path.GetFullPath(Path.Combine(directory, "nmpi-adapter.dll")), work, environment, []);
    }
}
