using System.Reflection;
using Nmpi.Adapters;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// A hostile job against the real adapter process (nmpi-adapter, as sites run it): it looks for the provider key in
/// the adapter's command line and environment, its own environment and the key file, lists the machine's processes,
/// reads an earlier job's directory and kills the adapter. Every attempt fails, and the adapter runs the next job.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SandboxAttackTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task HostileJob_FindsNoKeyNoOtherJobAndCannotKillTheAdapter_WhichRunsTheNextJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var work = Directory.CreateTempSubdirectory("nmpi-attack-").FullName;
        var keyFile = Path.Combine(work, "adapter-key");
        await File.WriteAllTextAsync(keyFile, PlatformHost.SiteKey + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var jobs = Path.Combine(work, "adapter", "jobs");
        Directory.CreateDirectory(jobs);

        // The key where a careless site puts it: on the command line and in the environment, besides the key file.
        var adapter = new ClusterProcess("adapter", AdapterHost(), work, new Dictionary<string, string>
        {
            ["Nmpi__Adapter__GatewayUrl"] = platform.GrpcUrl,
            ["Nmpi__Adapter__ApiKey"] = PlatformHost.SiteKey,
            ["Nmpi__Adapter__ApiKeyFile"] = keyFile,
            ["Nmpi__Adapter__Name"] = "attacked",
            ["Nmpi__Adapter__Platform"] = "SpiNNaker",
            ["Nmpi__Adapter__Capacity"] = "1",
            ["Nmpi__Adapter__WorkDirectory"] = jobs,
            ["Nmpi__Adapter__PollWait"] = "00:00:02",
            ["DOTNET_gcServer"] = "0",
        }, [$"--Nmpi:Adapter:ApiKey={PlatformHost.SiteKey}"]);
        adapter.Start();
        try
        {
            var earlier = await RunAsync(alice, "open('secret.txt', 'w').write('secret-of-an-earlier-job')\n");
            var adapterPid = adapter.Pid ?? throw new InvalidOperationException("the adapter is not running");
            var attack = await RunAsync(alice, Attack(adapterPid, keyFile, Path.Combine(jobs, new JobAttempt(earlier.Id, 1).Name)));
            var log = (await alice.GetJobAsync(new GetJobRequest { Id = attack.Id, IncludeLog = true })).Log;

            Assert.DoesNotContain(PlatformHost.SiteKey, log, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-of-an-earlier-job", log, StringComparison.Ordinal);
            Assert.Equal(JobStatus.Finished, earlier.Status);
            Assert.False(Directory.Exists(Path.Combine(jobs, new JobAttempt(earlier.Id, 1).Name)), "a job's directory is deleted once its outputs are uploaded");
            Assert.Equal(JobStatus.Finished, attack.Status);
            Assert.Contains("attacks done", log, StringComparison.Ordinal);
            Assert.Contains("adapter visible: False", log, StringComparison.Ordinal);
            Assert.Contains("kill adapter: refused", log, StringComparison.Ordinal);
            Assert.NotNull(adapter.Pid);

            var next = await RunAsync(alice, "print('next job ran')\n");
            Assert.Equal(JobStatus.Finished, next.Status);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(adapter.Tail(), e);
        }
        finally
        {
            await adapter.KillAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    // Each attempt prints what it got (so a leak shows in the job's log) or the word refused.
    private static string Attack(int adapterPid, string keyFile, string earlierJob) => $$"""
        import os, signal
        def show(what, read):
            try:
                print(what + ": got", read())
            except Exception as e:
                print(what + ": refused", type(e).__name__)
        show("adapter command line", lambda: open("/proc/{{adapterPid}}/cmdline", "rb").read())
        show("adapter environment", lambda: open("/proc/{{adapterPid}}/environ", "rb").read())
        show("own environment", lambda: dict(os.environ))
        show("own /proc environ", lambda: open("/proc/self/environ", "rb").read())
        show("parent environ", lambda: open("/proc/%d/environ" % os.getppid(), "rb").read())
        show("pid 1 environ", lambda: open("/proc/1/environ", "rb").read())
        show("key file", lambda: open("{{keyFile}}").read())
        show("earlier job", lambda: open("{{earlierJob}}/secret.txt").read())
        show("work directory", lambda: os.listdir("{{Path.GetDirectoryName(earlierJob)}}"))
        processes = [p for p in os.listdir("/proc") if p.isdigit()]
        print("adapter visible:", "{{adapterPid}}" in processes, "processes seen:", len(processes))
        try:
            os.kill({{adapterPid}}, signal.SIGKILL)
            print("kill adapter: sent")
        except OSError as e:
            print("kill adapter: refused", type(e).__name__)
        print("attacks done")
        """;

    private static async Task<Job> RunAsync(Jobs.JobsClient client, string script)
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = script };
        var submitted = await client.SubmitJobAsync(request);
        return await WaitForEndAsync(client, submitted.Id);
    }

    private static async Task<Job> WaitForEndAsync(Jobs.JobsClient client, long id)
    {
        using var patience = new CancellationTokenSource(Within);
        using var watch = client.WatchJob(new WatchJobRequest { Id = id }, cancellationToken: patience.Token);
        while (await watch.ResponseStream.MoveNext(patience.Token))
        {
            if (watch.ResponseStream.Current.Status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled)
            {
                return watch.ResponseStream.Current;
            }
        }

        return await client.GetJobAsync(new GetJobRequest { Id = id });
    }

    private static string AdapterHost() =>
        Path.GetFullPath(Path.Combine(
            typeof(SandboxAttackTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AdapterHostDirectory").Value!,
            "nmpi-adapter.dll"));
}
