using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>
/// Set-up steps inside the job's sandbox, with real processes on this machine (cgroup v1 as root, bubblewrap): the
/// network only for the steps that need it, the command's memory and process limits, and no file left outside the
/// job directory.
/// </summary>
public sealed class SetupStepSandboxTests : IDisposable
{
    // Connects to 127.0.0.1:PORT and sends its name; prints whether it could (the step succeeds either way).
    private const string Probe = """
        import socket, sys
        try:
            with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as s:
                s.sendall(sys.argv[2].encode())
            print(sys.argv[2], "connected")
        except OSError as e:
            print(sys.argv[2], "refused", e)
        """;

    private readonly string _job = Directory.CreateTempSubdirectory("nmpi-setup-sandbox-").FullName;
    private readonly string _marker = $"marker-{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task StepWithoutNetwork_CannotReachALoopbackListener_WhileAStepThatNeedsItDoes()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Required);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var received = ReceiveAsync(listener);
        SetupStep[] steps =
        [
            new("extra_makes", "make -C probe", SandboxRun.Python, ["-c", Probe, port, "make"]),
            new("extra_pip_installs", "pip install ./probe", SandboxRun.Python, ["-c", Probe, port, "pip"], NeedsNetwork: true),
        ];

        var failure = await new SetupStepRunner(sandbox, new JobAttempt(3, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)).RunAsync(steps, _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Null(failure);
        Assert.Equal("pip", await received.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(
            ["== set-up extra_makes (bwrap no-network): make -C probe", "make refused", "== set-up extra_pip_installs (bwrap with network): pip install ./probe", "pip connected"],
            _log.Select(l => l.StartsWith("make refused", StringComparison.Ordinal) ? "make refused" : l));
        Assert.Equal("cgroup-v1 memory+swap+pids, bwrap with network", sandbox.DescriptionFor(network: true));
    }

    [Fact]
    public async Task StepWritingOutsideTheJobDirectory_LeavesNothingThere_EvenWithNetwork()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Required);
        var inTmp = Path.Combine("/tmp", _marker);
        var inVarTmp = Path.Combine("/var/tmp", _marker);
        var script = $"for p in {inTmp} {inVarTmp} here.txt; do echo x > $p && echo wrote $p || echo refused $p; done";
        SetupStep[] steps =
        [
            new("extra_makes", "make -C out", "sh", ["-c", script]),
            new("extra_git_repositories", "git clone --depth 1 out", "sh", ["-c", script], NeedsNetwork: true),
        ];

        try
        {
            var failure = await new SetupStepRunner(sandbox, new JobAttempt(4, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)).RunAsync(steps, _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

            Assert.Null(failure);
            Assert.False(File.Exists(inTmp), "/tmp is the step's own, gone when it ends");
            Assert.False(File.Exists(inVarTmp), "the file system outside the job directory is read-only");
            Assert.Equal(2, _log.Count(l => l.StartsWith($"refused {inVarTmp}", StringComparison.Ordinal)));
            Assert.Equal(2, _log.Count(l => l == "wrote here.txt"));
            Assert.True(File.Exists(Path.Combine(_job, "here.txt")));
        }
        finally
        {
            File.Delete(inTmp);
            File.Delete(inVarTmp);
        }
    }

    [Fact]
    public async Task StepAllocatingPastTheMemoryLimit_EndsInMemoryNamingTheStep_AndLaterStepsDoNotRun()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.CgroupV1, NetworkIsolation.Auto, memory: 200L << 20);
        SetupStep[] steps =
        [
            new("extra_makes", "make -C hog", SandboxRun.Python, ["-c", "b = bytearray(2 * 1000 ** 3)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\nprint('survived')", _marker]),
            new("extra_python_setups", "pip install later", "sh", ["-c", "touch later.txt"]),
        ];

        var failure = await new SetupStepRunner(sandbox, new JobAttempt(5, 1), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1)).RunAsync(steps, _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(new SetupFailure(Outcome.Error, FailureReason.Memory, "extra_makes: make -C hog: memory limit of 200 MiB exceeded"), failure);
        Assert.DoesNotContain("survived", _log);
        Assert.False(File.Exists(Path.Combine(_job, "later.txt")));
        Assert.Empty(SandboxRun.LiveWithMarker(_marker));
    }

    [Fact]
    public async Task ForkingStep_EndsInProcessLimitNamingTheStep_WithNothingOfItLeft()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.CgroupV1, NetworkIsolation.Auto, processes: 64);
        SetupStep step = new("extra_makes", "make -C bomb", SandboxRun.Python, ["-c", "import os\nwhile True: os.fork()", _marker]);

        // A step limit far beyond the test's patience: the process limit must end it, not the clock.
        var failure = await new SetupStepRunner(sandbox, new JobAttempt(6, 1), TimeSpan.FromHours(1), TimeSpan.FromSeconds(1))
            .RunAsync([step], _job, _log.Enqueue, new LeaseHandle(new LeaseRef())).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(new SetupFailure(Outcome.Error, FailureReason.ProcessLimit, "extra_makes: make -C bomb: process limit of 64 reached; the step was killed at once"), failure);
        Assert.Empty(SandboxRun.LiveWithMarker(_marker));
    }

    public void Dispose() => Directory.Delete(_job, recursive: true);

    // What the first probe that got through sent: its name.
    private static async Task<string> ReceiveAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }
}
