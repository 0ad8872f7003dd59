using System.Globalization;
using System.Reflection;
using System.Text;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// A real nmpi-adapter process killed with SIGKILL at random moments of its jobs' start-up, again and again, and restarted
/// each time as the same adapter: no job process of a killed incarnation may live on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdapterStartupKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Kills = 20;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    // Short leases: a killed incarnation's jobs lapse within seconds (the adapter's fence needs lease > heartbeat + kill grace + margin).
    private static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Nmpi:Jobs:LeaseDuration"] = "00:00:05",
        ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500",
        ["Nmpi:Scheduling:SweepInterval"] = "00:00:00.200",
    };

    private const string Script = """
        import os, time
        print("started", os.getpid(), flush=True)
        time.sleep(60)
        """;

    [Fact]
    public async Task Adapter_KilledAtRandomMomentsOfJobStartUp_LeavesNoJobProcessAliveOnceRestarted()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, ShortLeases);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var work = Directory.CreateTempSubdirectory("nmpi-startup-kill-").FullName;
        var run = $"run-{Guid.NewGuid():N}";
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var report = new StringBuilder().Append(CultureInfo.InvariantCulture, $"seed {seed}\n");
        ClusterProcess? adapter = null;
        try
        {
            var survivorsOfTheKill = 0;
            for (var incarnation = 0; incarnation < Kills; incarnation++)
            {
                adapter = await StartAsync(platform, work, run, incarnation);
                var request = JobRequests.Inline();
                request.Code = new JobCode { Inline = Script };
                var first = await alice.SubmitJobAsync(request);
                var second = await alice.SubmitJobAsync(request);

                // Half the kills fall while the jobs are leased and prepared, half in the first moments after MarkRunning.
                if (incarnation % 2 == 1)
                {
                    await JobRequests.WaitForStatusAsync(alice, first.Id, JobStatus.Running, Within);
                }

                await Task.Delay(random.Next(0, 400));
                var atKill = Live(run, i => i == incarnation).Length;
                await adapter.KillAloneAsync();

                // The parent-death signal: nothing of the killed incarnation may outlive it, before any restart.
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Live(run, i => i == incarnation).Length > 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                var survived = Live(run, i => i == incarnation).Length;
                survivorsOfTheKill += survived;
                report.Append(CultureInfo.InvariantCulture, $"incarnation {incarnation}: {atKill} job processes at the kill, {survived} alive after it\n");

                // This incarnation's jobs are cancelled, so the next one's jobs are not queued behind them.
                await CancelAsync(alice, first.Id, second.Id);
            }

            // The restarted adapter empties whatever an earlier incarnation left (its cgroups); count what lives then.
            adapter = await StartAsync(platform, work, run, Kills);
            await Eventually.HoldsAsync(() => Live(run, i => i < Kills).Length == 0, Within, $"every job process of the killed incarnations to be gone:\n{report}");

            output.WriteLine(report.ToString());
            Assert.True(survivorsOfTheKill == 0, $"job processes outlived their adapter's kill:\n{report}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException && adapter is not null)
        {
            throw new InvalidOperationException($"{report}{adapter.Tail()}", e);
        }
        finally
        {
            if (adapter is not null)
            {
                await adapter.KillAsync();
            }

            foreach (var pid in Live(run, _ => true))
            {
                KillQuietly(pid);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    // Jobs of every incarnation carry the run and the incarnation in their environment (the adapter passes JobEnvironment on).
    private static int[] Live(string run, Func<int, bool> ofIncarnation)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                var incarnation = environment.FirstOrDefault(v => v.StartsWith("NMPI_TEST_INCARNATION=", StringComparison.Ordinal));
                if (environment.Contains($"NMPI_TEST_RUN={run}") && incarnation is not null
                    && ofIncarnation(int.Parse(incarnation["NMPI_TEST_INCARNATION=".Length..], CultureInfo.InvariantCulture))
                    && ProcessProbe.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while listed.
            }
        }

        return [.. found];
    }

    private static async Task CancelAsync(Jobs.JobsClient alice, params long[] ids)
    {
        foreach (var id in ids)
        {
            try
            {
                await alice.CancelJobAsync(new CancelJobRequest { Id = id, Reason = "next incarnation" });
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.FailedPrecondition)
            {
                // Already ended (its attempts spent while the adapter was down).
            }
        }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<ClusterProcess> StartAsync(PlatformHost platform, string work, string run, int incarnation)
    {
        var jobs = Path.Combine(work, "jobs");
        Directory.CreateDirectory(jobs);

        // The same adapter each time (name, work directory), as a supervisor would restart it.
        var environment = new Dictionary<string, string>
        {
            ["Nmpi__Adapter__GatewayUrl"] = platform.GrpcUrl,
            ["Nmpi__Adapter__ApiKey"] = PlatformHost.SiteKey,
            ["Nmpi__Adapter__Name"] = $"kill-{run[4..14]}",
            ["Nmpi__Adapter__Platform"] = "SpiNNaker",
            ["Nmpi__Adapter__Capacity"] = "4",
            ["Nmpi__Adapter__WorkDirectory"] = jobs,
            ["Nmpi__Adapter__PollWait"] = "00:00:02",
            ["Nmpi__Adapter__KillGrace"] = "00:00:00.500",
            ["Nmpi__Adapter__LeaseSafetyMargin"] = "00:00:01",
            ["Nmpi__Adapter__JobEnvironment__NMPI_TEST_RUN"] = run,
            ["Nmpi__Adapter__JobEnvironment__NMPI_TEST_INCARNATION"] = incarnation.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
        };
        var directory = typeof(AdapterStartupKillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AdapterHostDirectory").Value!;
        var adapter = new ClusterProcess("adapter", Path.GetFullPath(Path.Combine(directory, "nmpi-adapter.dll")), work, environment, []);
        var registered = Registrations(adapter);
        adapter.Start();
        await Eventually.HoldsAsync(() => Registrations(adapter) > registered, Within, "the adapter to register");
        return adapter;
    }

    private static int Registrations(ClusterProcess adapter) =>
        File.Exists(adapter.StdoutPath) ? File.ReadAllText(adapter.StdoutPath).Split("Registered as").Length - 1 : 0;
}
