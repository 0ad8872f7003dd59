using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// SpiNNaker set-up steps inside the job's sandbox, through the whole platform with the real adapter (cgroup v1 and
/// bubblewrap here, as root): makes, python set-ups and local pip installs get no network, clones are the adapter's own, no step
/// leaves a file outside the job directory, and a make that forks without end ends the job at its process limit.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpiNNakerSetupSandboxTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    private readonly string _sources = SpiNNakerSetupTests.SourcesDirectory();
    private readonly string _marker = $"nmpi-escape-{Guid.NewGuid():N}";

    [Fact]
    public async Task MakesPythonSetupsAndLocalPipInstalls_RunWithoutNetwork_ClonesAreTheAdapters_AndNoStepWritesOutsideTheJobDirectory()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var reached = new ConcurrentBag<string>();
        using var stopListening = new CancellationTokenSource();
        var listening = ListenAsync(listener, reached, stopListening.Token);
        var repository = await ProbeRepositoryAsync(port);
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?> { ["AllowFileUrls"] = "true", ["ReadOnlyPaths:0"] = SpiNNakerSetupTests.SourcesRoot, ["Platforms:PipNoIndex"] = "true" });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script("print('command ran')");
        request.HardwareConfig = Config(
            ("extra_git_repositories", [repository]),
            ("extra_pip_installs", ["./probes/pip_probe"]),
            ("extra_makes", ["probes"]),
            ("extra_python_setups", ["probes/setup_probe"]));
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);
        await stopListening.CancelAsync();
        await listening;

        // Each probe also wrote what it saw into the job directory, so a probe that never ran cannot pass for a refused one.
        var probes = Path.Combine(adapter.JobDirectory(job.Id), "probes");
        // H-2: a local package's setup.py is the job's own code; the listener on the adapter's loopback sees no connection.
        Assert.StartsWith("pip refused", await File.ReadAllTextAsync(Path.Combine(probes, "pip.txt")), StringComparison.Ordinal);
        Assert.StartsWith("make refused", await File.ReadAllTextAsync(Path.Combine(probes, "make.txt")), StringComparison.Ordinal);
        Assert.StartsWith("setup refused", await File.ReadAllTextAsync(Path.Combine(probes, "setup.txt")), StringComparison.Ordinal);
        Assert.Empty(reached);
        Assert.Empty(Directory.EnumerateFileSystemEntries("/tmp", $"{_marker}*").Concat(Directory.EnumerateFileSystemEntries("/var/tmp", $"{_marker}*")));

        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        Assert.Contains($"== set-up extra_git_repositories (site adapter, guarded fetch): git clone --depth 1 {repository}", log, StringComparison.Ordinal);
        Assert.Contains("== set-up extra_makes (bwrap no-network): make -C probes", log, StringComparison.Ordinal);
        Assert.Contains("== set-up extra_python_setups (bwrap no-network): pip install probes/setup_probe", log, StringComparison.Ordinal);
        var sandboxes = job.Provenance.Fields["setup_sandbox"].StructValue.Fields;
        Assert.Equal(
            [
                ("extra_git_repositories", "guarded fetch"),
                ("extra_makes", "bwrap no-network"),
                ("extra_pip_installs", "bwrap no-network"),
                ("extra_python_setups", "bwrap no-network"),
                ("virtual environment", "bwrap no-network"),
            ],
            sandboxes.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.StringValue[(f.Value.StringValue.LastIndexOf(", ", StringComparison.Ordinal) + 2)..])));
        Assert.StartsWith("cgroup-v1 ", sandboxes["extra_makes"].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MakeThatForksWithoutEnd_EndsInProcessLimitNamingTheStep_ThenTheAdapterRunsAJob()
    {
        var bomb = Directory.CreateDirectory(Path.Combine(_sources, "bomb")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bomb, "Makefile"), $"all:\n\t/usr/bin/python3 -c 'import os; [os.fork() for _ in iter(int, 1)]' {_marker}\n");
        var repository = await CommitAsync(bomb);
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?> { ["AllowFileUrls"] = "true", ["ReadOnlyPaths:0"] = SpiNNakerSetupTests.SourcesRoot, ["MaxProcesses"] = "64" });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        // A step limit far beyond the wait: the process limit must end the make, not the clock.
        var request = Script("open('ran.txt', 'w').write('the script ran')");
        request.HardwareConfig = Config(("extra_git_repositories", [repository]), ("extra_makes", ["bomb"]));
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.ProcessLimit, job.Failure.Reason);
        Assert.Equal("extra_makes: make -C bomb: process limit of 64 reached; the step was killed at once", job.Failure.Message);
        Assert.False(File.Exists(Path.Combine(adapter.JobDirectory(job.Id), "ran.txt")));
        Assert.Equal(0, job.ResourceUsage.Value);
        await Eventually.HoldsAsync(() => NoProcessCarries(_marker), Within, "every forked process to be gone");

        var next = await alice.SubmitJobAsync(Script("print('after the bomb')"));
        var finished = await JobRequests.WaitForStatusAsync(alice, next.Id, JobStatus.Finished, Within);
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = finished.Id, IncludeLog = true })).Log;
        Assert.Contains("after the bomb", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_DuringAMake_KillsItsProcesses_EvenOneInItsOwnSession_AndEndsCancelled()
    {
        var slow = Directory.CreateDirectory(Path.Combine(_sources, "slow")).FullName;
        await File.WriteAllTextAsync(Path.Combine(slow, "Makefile"), "all:\n\tsetsid sleep 301 & echo $$$$ $$! > pids.txt; sleep 300\n");
        var repository = await CommitAsync(slow);
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?> { ["AllowFileUrls"] = "true", ["ReadOnlyPaths:0"] = SpiNNakerSetupTests.SourcesRoot });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script("open('ran.txt', 'w').write('the script ran')");
        request.HardwareConfig = Config(("extra_git_repositories", [repository]), ("extra_makes", ["slow"]));
        var submitted = await alice.SubmitJobAsync(request);
        var pidFile = Path.Combine(adapter.JobDirectory(submitted.Id), "slow", "pids.txt");
        await Eventually.HoldsAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), Within, "the make to start its processes");
        // The make runs in the job's pid namespace: its pids are translated to the machine's.
        var pids = File.ReadAllText(pidFile).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => ProcessProbe.HostPid(int.Parse(p, CultureInfo.InvariantCulture), adapter.JobDirectory(submitted.Id))).ToArray();
        Assert.Equal(2, pids.Length);
        Assert.All(pids, p => Assert.True(ProcessProbe.IsAlive(p)));

        await alice.CancelJobAsync(new CancelJobRequest { Id = submitted.Id, Reason = "wrong make" });
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Cancelled, Within);

        await Eventually.HoldsAsync(() => !pids.Any(ProcessProbe.IsAlive), Within, "the make's processes to be gone");
        Assert.False(File.Exists(Path.Combine(adapter.JobDirectory(job.Id), "ran.txt")));
    }

    public void Dispose() => Directory.Delete(_sources, recursive: true);

    // A repository "probes": a probe that connects to the test's listener, run by a Makefile and by two setup.py files.
    private async Task<string> ProbeRepositoryAsync(int port)
    {
        var probes = Directory.CreateDirectory(Path.Combine(_sources, "probes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(probes, "probe.py"), $$"""
            import os, socket, sys
            name = sys.argv[1]
            here = os.path.dirname(os.path.abspath(__file__))
            try:
                with socket.create_connection(("127.0.0.1", {{port}}), timeout=10) as s:
                    s.sendall(name.encode())
                seen = "connected"
            except OSError as e:
                seen = f"refused {e}"
            for escape in ["/tmp/{{_marker}}-" + name, "/var/tmp/{{_marker}}-" + name]:
                try:
                    open(escape, "w").write("escaped")
                except OSError:
                    pass
            open(os.path.join(here, name + ".txt"), "w").write(f"{name} {seen}\n")
            print(name, seen)
            """);
        await File.WriteAllTextAsync(Path.Combine(probes, "Makefile"), "all:\n\t/usr/bin/python3 probe.py make\n");
        foreach (var (directory, name) in new[] { ("pip_probe", "pip"), ("setup_probe", "setup") })
        {
            var package = Directory.CreateDirectory(Path.Combine(probes, directory)).FullName;
            await File.WriteAllTextAsync(Path.Combine(package, "setup.py"), $"""
                import os, subprocess, sys
                from setuptools import setup
                subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "probe.py"), "{name}"], check=True)
                setup(name="nmpi-{name}-probe-{_marker[^8..]}", version="0.1", py_modules=[])
                """);
        }

        return await CommitAsync(probes);
    }

    private static async Task ListenAsync(TcpListener listener, ConcurrentBag<string> reached, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                reached.Add(await reader.ReadToEndAsync(stop));
            }
        }
        catch (OperationCanceledException)
        {
            // The job has ended; whatever reached the listener by then is in the bag.
        }
    }

    private static async Task<string> CommitAsync(string directory)
    {
        await SpiNNakerSetupTests.GitAsync(directory, "init", "--quiet");
        await SpiNNakerSetupTests.GitAsync(directory, "add", ".");
        await SpiNNakerSetupTests.GitAsync(directory, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "probe");
        return new Uri(directory).AbsoluteUri;
    }

    private static bool NoProcessCarries(string marker) =>
        !Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    && Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(d, "cmdline"))).Contains(marker, StringComparison.Ordinal)
                    && !File.ReadAllText(Path.Combine(d, "stat")).Contains(") Z ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static SubmitJobRequest Script(string code)
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = code };
        return request;
    }

    private static Struct Config(params (string Key, string[] Values)[] lists)
    {
        var config = new Struct();
        foreach (var (key, values) in lists)
        {
            config.Fields[key] = Value.ForList([.. values.Select(Value.ForString)]);
        }

        return config;
    }
}
