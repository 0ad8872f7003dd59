using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>The real site adapter runs real Python scripts for jobs of a real platform (gRPC, PostgreSQL, processes).</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class SiteAdapterTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    // Heartbeats every half second, so a cancel reaches the adapter quickly.
    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    [Fact]
    public async Task Script_ThatPrintsAndWritesAFile_FinishesWithItsLogInOrderAndItsOutput()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Script("""
            import os, sys
            for i in range(5):
                print(f"line {i}")
            os.makedirs("out", exist_ok=True)
            with open("out/result.txt", "w") as f:
                f.write("backend=" + sys.argv[1] + "\n")
            """));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"line {i}"), lines.Select(l => l[11..]));
        Assert.All(lines, l => Assert.Matches(Stamp(), l));
        var output = Assert.Single(job.OutputData);
        Assert.Equal("out/result.txt", output.Path);
        Assert.Equal("text/plain", output.ContentType);
        Assert.Equal("backend=mock\n", await JobRequests.DownloadTextAsync(alice, job.Id, output.Path));
        Assert.Equal("core-hours", job.ResourceUsage.Units);
        // Core-hours: the elapsed hours times the cores a SpiNNaker site charges per job.
        Assert.InRange(job.ResourceUsage.Value, 0, 0.01 * new Nmpi.Adapters.Platforms.PlatformOptions().SpiNNakerCores);
        Assert.Equal("mock", job.Provenance.Fields["backend"].StringValue);
        Assert.Equal("SpiNNaker", job.Provenance.Fields["platform"].StringValue);
        Assert.StartsWith("3.", job.Provenance.Fields["python"].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_ThatExitsWithCode3_EndsInUserCodeErrorWithItsStderr()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Script("""
            import sys
            print("about to fail")
            print("bad parameter: tau_m", file=sys.stderr)
            sys.exit(3)
            """));
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.UserCodeError, job.Failure.Reason);
        Assert.Contains("code 3", job.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("bad parameter: tau_m", job.Failure.Message, StringComparison.Ordinal);
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        Assert.Contains("bad parameter: tau_m", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_PastItsWallTimeLimit_EndsInTimeoutAndItsWholeProcessGroupIsKilled()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script(SpawnsAChildThenSleeps);
        request.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(2));
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.Timeout, job.Failure.Reason);
        await AssertAllDeadAsync(Path.Combine(adapter.JobDirectory(job.Id), "pids.txt"));
    }

    [Fact]
    public async Task Cancel_WhileRunning_KillsTheProcessGroupAndEndsCancelled()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Script(SpawnsAChildThenSleeps));
        await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Running, Within);
        var pids = Path.Combine(adapter.JobDirectory(submitted.Id), "pids.txt");
        await Eventually.HoldsAsync(() => File.Exists(pids) && ProcessProbe.ReadPids(pids).Length == 2, Within, "the script to start its child");

        await alice.CancelJobAsync(new CancelJobRequest { Id = submitted.Id, Reason = "wrong parameters" });
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Cancelled, Within);

        Assert.Equal(JobStatus.Cancelling, job.History[^1].From);
        await AssertAllDeadAsync(pids);
    }

    [Fact]
    public async Task AdapterShutdown_WhileAJobRuns_KillsItsProcessGroupAndReportsAPlatformError()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var submitted = await alice.SubmitJobAsync(Script(SpawnsAChildThenSleeps));
        await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Running, Within);
        var pidFile = Path.Combine(adapter.JobDirectory(submitted.Id), "pids.txt");
        await Eventually.HoldsAsync(() => File.Exists(pidFile) && ProcessProbe.ReadPids(pidFile).Length == 2, Within, "the script to start its child");
        var pids = ProcessProbe.ReadPids(pidFile);

        await adapter.DisposeAsync();
        var job = await alice.GetJobAsync(new GetJobRequest { Id = submitted.Id });

        Assert.Equal(JobStatus.Error, job.Status);
        Assert.Equal(FailureReason.PlatformError, job.Failure.Reason);
        Assert.DoesNotContain(pids, ProcessProbe.IsAlive);
    }

    [Fact]
    public async Task Job_FromAnUploadedCodeBundle_RunsItsScriptWithItsModuleAndReportsOnlyNewFiles()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var run = Encoding.UTF8.GetBytes("import sys\nfrom model.net import size\nopen('size.txt', 'w').write(f'{size} on {sys.argv[1]}')\n");
        var net = Encoding.UTF8.GetBytes("size = 42\n");
        foreach (var content in new[] { run, net })
        {
            using var upload = alice.UploadBlob();
            await upload.RequestStream.WriteAsync(new UploadBlobChunk { Header = new UploadBlobHeader { Collab = "neuro", Sha256 = Sha(content), Size = content.Length } });
            await upload.RequestStream.WriteAsync(new UploadBlobChunk { Data = Google.Protobuf.ByteString.CopyFrom(content) });
            await upload.RequestStream.CompleteAsync();
            await upload;
        }

        var bundle = await alice.CreateCodeBundleAsync(new CreateCodeBundleRequest
        {
            Collab = "neuro",
            Files = { new CodeBundleEntry { Path = "run.py", Sha256 = Sha(run) }, new CodeBundleEntry { Path = "model/net.py", Sha256 = Sha(net) } },
        });
        var request = Script("unused");
        request.Code = new JobCode { ArtifactId = bundle.Id };
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        Assert.Equal("size.txt", Assert.Single(job.OutputData).Path);
        Assert.Equal("42 on mock", await JobRequests.DownloadTextAsync(alice, job.Id, "size.txt"));
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));

    // Writes its own pid and a child's, then waits: only a kill of the whole group ends both.
    private const string SpawnsAChildThenSleeps = """
        import os, subprocess, time
        child = subprocess.Popen(["sleep", "300"])
        with open("pids.txt", "w") as f:
            f.write(f"{os.getpid()}\n{child.pid}\n")
        print("looping", flush=True)
        while True:
            time.sleep(0.1)
        """;

    private static SubmitJobRequest Script(string code)
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = code };
        return request;
    }

    private static async Task AssertAllDeadAsync(string pidFile)
    {
        var pids = ProcessProbe.ReadPids(pidFile);
        Assert.Equal(2, pids.Length);
        await Eventually.HoldsAsync(() => !pids.Any(ProcessProbe.IsAlive), TimeSpan.FromSeconds(10), "the script and its child to be killed");
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] ")]
    private static partial Regex Stamp();
}
