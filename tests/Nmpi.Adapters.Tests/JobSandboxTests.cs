using System.Net;
using System.Net.Sockets;
using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// The sandbox on this machine, with real processes: cgroup v1 memory and pids limits (this VM mounts v1 and runs the
/// tests as root), bubblewrap without network, and the rlimit fallback forced by option.
/// </summary>
public sealed class JobSandboxTests : IDisposable
{
    private const long Mib200 = 200L << 20;

    private readonly string _directory = Directory.CreateTempSubdirectory("nmpi-sandbox-").FullName;
    private readonly string _marker = $"marker-{Guid.NewGuid():N}";

    [Fact]
    public async Task Script_UnderTheChosenSandbox_RunsAndFinishesWithinItsLimits()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Auto);

        var run = await SandboxRun.RunAsync(sandbox, _directory, "import sys\nprint('hello', sys.argv[1])\nopen('out.txt', 'w').write('x')\n", _marker);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(LimitBreach.None, run.Breach);
        Assert.Equal($"hello {_marker}\n", run.Output);
        Assert.True(File.Exists(Path.Combine(_directory, "out.txt")));
        Assert.Equal("cgroup-v1 memory+swap+pids, bwrap no-network", sandbox.Description);
    }

    [Fact]
    public async Task MemoryHog_UnderCgroupV1_IsKilledAndReportedAsMemory()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.CgroupV1, NetworkIsolation.Off, memory: Mib200);

        // 2 GiB, every page written, against a limit of 200 MiB.
        var run = await SandboxRun.RunAsync(sandbox, _directory, "b = b'\\x01' * (2 << 30)\nprint('survived')\n", _marker);

        Assert.Equal(LimitBreach.Memory, run.Breach);
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("survived", run.Output, StringComparison.Ordinal);
        Assert.Empty(SandboxRun.LiveWithMarker(_marker));
    }

    [Fact]
    public async Task ForkBomb_UnderCgroupV1_IsStoppedAtOnceWithNoProcessLeftAndItsCgroupsRemoved()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.CgroupV1, NetworkIsolation.Auto, processes: 64);
        var cgroups = JobCgroups(sandbox, jobId: 41);
        var seenInside = false;

        var run = await SandboxRun.RunAsync(sandbox, _directory, "import os\nwhile True: os.fork()\n", _marker, async _ =>
        {
            await Task.Yield();
            seenInside = cgroups.All(Directory.Exists);
        }, jobId: 41);

        Assert.True(seenInside, "the job's cgroups existed while it ran");
        Assert.Equal(LimitBreach.ProcessLimit, run.Breach);
        await Eventually(() => SandboxRun.LiveWithMarker(_marker).Length == 0, "every forked process to be gone");
        Assert.All(cgroups, c => Assert.False(Directory.Exists(c), $"{c} is removed"));
    }

    [Fact]
    public async Task Kill_UnderCgroupV1_AlsoKillsAChildThatLeftTheSession()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.CgroupV1, NetworkIsolation.Auto);
        var started = Path.Combine(_directory, "started");
        const string Script = """
            import subprocess, sys, time
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", sys.argv[1]], start_new_session=True)
            open("started", "w").close()
            time.sleep(300)
            """;

        var run = await SandboxRun.RunAsync(sandbox, _directory, Script, _marker, async process =>
        {
            await Eventually(() => File.Exists(started) && SandboxRun.LiveWithMarker(_marker).Length >= 2, "the script and its detached child");
            await process.KillAsync(TimeSpan.FromMilliseconds(200));
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(SandboxRun.LiveWithMarker(_marker));
    }

    [Fact]
    public async Task Connect_ToALoopbackListenerOutside_IsRefusedUnderBubblewrapAndWorksWithIsolationOff()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var script = $"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=10).close()
                print("connected")
            except OSError as e:
                print("refused", e)
            """;

        using (var isolated = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Required))
        {
            var run = await SandboxRun.RunAsync(isolated, _directory, script, _marker);
            Assert.StartsWith("refused", run.Output, StringComparison.Ordinal);
        }

        using var open = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Off);
        var control = await SandboxRun.RunAsync(open, _directory, script, _marker);
        Assert.Equal("connected\n", control.Output);
        Assert.EndsWith("network open (NetworkIsolation=Off)", open.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_UnderBubblewrap_WorksInTheJobDirectoryAndWritablePathsOnly()
    {
        var shared = Directory.CreateTempSubdirectory("nmpi-shared-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("nmpi-elsewhere-").FullName;
        try
        {
            using var sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Required, writable: shared);
            var script = $$"""
                for path in ["here.txt", "{{shared}}/cache.txt", "{{elsewhere}}/no.txt"]:
                    try:
                        open(path, "w").write("x")
                        print("wrote", path)
                    except OSError as e:
                        print("refused", path, e.errno)
                """;

            var run = await SandboxRun.RunAsync(sandbox, _directory, script, _marker);

            Assert.Contains("wrote here.txt", run.Output, StringComparison.Ordinal);
            Assert.Contains($"wrote {shared}/cache.txt", run.Output, StringComparison.Ordinal);
            Assert.Contains($"refused {elsewhere}/no.txt", run.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(shared, "cache.txt")));
            Assert.False(File.Exists(Path.Combine(elsewhere, "no.txt")));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task ManyProcesses_UnderTheRlimitFallback_AreCountedByTheWatchdogAndAllKilled()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Rlimit, NetworkIsolation.Off, processes: 8);

        // Bounded on purpose: without cgroups nothing but the watchdog stops a real fork bomb, and root ignores RLIMIT_NPROC.
        const string Script = """
            import subprocess, sys, time
            children = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", sys.argv[1]]) for _ in range(20)]
            time.sleep(300)
            """;
        var run = await SandboxRun.RunAsync(sandbox, _directory, Script, _marker);

        Assert.Equal(LimitBreach.ProcessLimit, run.Breach);
        Assert.StartsWith("rlimit address-space, session watchdog", sandbox.Description, StringComparison.Ordinal);
        await Eventually(() => SandboxRun.LiveWithMarker(_marker).Length == 0, "every child to be gone");
    }

    [Fact]
    public async Task MemoryHog_UnderTheRlimitFallback_FailsItsAllocationAndIsReportedAsMemory()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Rlimit, NetworkIsolation.Off, memory: Mib200);

        var run = await SandboxRun.RunAsync(sandbox, _directory, "b = b'\\x01' * (2 << 30)\nprint('survived')\n", _marker);

        Assert.Equal(LimitBreach.Memory, run.Breach);
        Assert.Contains("MemoryError", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("survived", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Where the sandbox puts a job's cgroups: below this process's own cgroup, in a parent named after the adapter.
    private static string[] JobCgroups(JobSandbox sandbox, long jobId)
    {
        var hierarchies = CgroupHierarchy.Find(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));
        var name = sandbox.CgroupParentName;
        return new[] { "memory", "pids" }
            .Select(c => hierarchies.First(h => h.Version == 1 && h.Controllers.Contains(c)))
            .Select(h => Path.Combine(h.OwnDirectory, name, new JobAttempt(jobId, 1).Name))
            .ToArray();
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (patience.IsCancellationRequested)
            {
                Assert.Fail($"gave up waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
