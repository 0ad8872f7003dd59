using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// The real adapter's sandbox through the whole platform: scripts that run past their wall time, their memory or their
/// process limit end in error with the matching reason, and the same adapter then runs a PyNN job (mock backend) to the end.
/// On this machine the adapter picks cgroup v1 and bubblewrap (the tests run as root).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LimitTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["MemoryLimit"] = (200L << 20).ToString(CultureInfo.InvariantCulture),
        ["MaxProcesses"] = "64",
    };

    [Fact]
    public async Task Script_PastItsWallTimeLimit_EndsInTimeout_ThenTheAdapterRunsAJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: SmallLimits);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script("import time\nwhile True:\n    time.sleep(0.1)\n");
        request.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(2));
        var job = await EndAsync(alice, request, JobStatus.Error);

        Assert.Equal(FailureReason.Timeout, job.Failure.Reason);
        await AssertRunsAPyNNJobAsync(alice);
    }

    [Fact]
    public async Task Script_AllocatingFarBeyondItsMemoryLimit_EndsInMemory_ThenTheAdapterRunsAJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: SmallLimits);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        // 2 GB with every page touched, against 200 MiB.
        var job = await EndAsync(alice, Script("b = bytearray(2 * 1000 ** 3)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\nprint('survived')\n"), JobStatus.Error);

        Assert.Equal(FailureReason.Memory, job.Failure.Reason);
        Assert.Equal("memory limit of 200 MiB exceeded", job.Failure.Message);
        await AssertRunsAPyNNJobAsync(alice);
    }

    [Fact]
    public async Task ForkBomb_EndsInProcessLimitAtOnce_ThenTheAdapterRunsAJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: SmallLimits);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        // A wall time far beyond the wait: the job must be ended by its process limit, not by the clock.
        var request = Script("import os\nwhile True: os.fork()\n");
        request.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        var job = await EndAsync(alice, request, JobStatus.Error);

        Assert.Equal(FailureReason.ProcessLimit, job.Failure.Reason);
        Assert.Equal("process limit of 64 reached; the job was killed at once", job.Failure.Message);
        await AssertRunsAPyNNJobAsync(alice);
    }

    [Fact]
    public async Task Cancel_WhileRunning_LeavesNoProcessOfTheJobAlive_EvenOneInItsOwnSession()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: SmallLimits);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        // One child in the job's process group, one that left it with setsid: only the cgroup still holds the second.
        var submitted = await alice.SubmitJobAsync(Script("""
            import os, subprocess, time
            child = subprocess.Popen(["sleep", "300"])
            detached = subprocess.Popen(["sleep", "301"], start_new_session=True)
            with open("pids.txt", "w") as f:
                f.write(f"{os.getpid()}\n{child.pid}\n{detached.pid}\n")
            while True:
                time.sleep(0.1)
            """));
        await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Running, Within);
        var pidFile = Path.Combine(adapter.JobDirectory(submitted.Id), "pids.txt");
        await Eventually.HoldsAsync(() => File.Exists(pidFile) && ProcessProbe.ReadPids(pidFile).Length == 3, Within, "the script to start its children");
        var pids = ProcessProbe.ReadPids(pidFile);
        Assert.All(pids, p => Assert.True(ProcessProbe.IsAlive(p)));

        await alice.CancelJobAsync(new CancelJobRequest { Id = submitted.Id, Reason = "wrong parameters" });
        await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Cancelled, Within);

        Assert.DoesNotContain(pids, ProcessProbe.IsAlive);
    }

    private static async Task<Job> EndAsync(Jobs.JobsClient client, SubmitJobRequest request, JobStatus status)
    {
        var submitted = await client.SubmitJobAsync(request);
        return await JobRequests.WaitForStatusAsync(client, submitted.Id, status, Within);
    }

    private static async Task AssertRunsAPyNNJobAsync(Jobs.JobsClient client)
    {
        var job = await EndAsync(client, Script("""
            import sys
            from importlib import import_module
            sim = import_module("pyNN." + sys.argv[1])
            sim.setup(timestep=0.1)
            cells = sim.Population(10, sim.IF_cond_exp())
            sim.run(10.0)
            sim.end()
            print("simulated with", sys.argv[1])
            """), JobStatus.Finished);

        var log = (await client.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        Assert.Contains("simulated with mock", log, StringComparison.Ordinal);
        var sandbox = job.Provenance.Fields["sandbox"].StringValue;
        Assert.StartsWith("cgroup-v1 ", sandbox, StringComparison.Ordinal);
        Assert.EndsWith(", bwrap no-network", sandbox, StringComparison.Ordinal);
    }

    private static SubmitJobRequest Script(string code)
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = code };
        return request;
    }
}
