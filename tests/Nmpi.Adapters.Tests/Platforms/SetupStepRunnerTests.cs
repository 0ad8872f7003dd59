using System.Collections.Concurrent;
using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>
/// Set-up steps as real processes in the sandbox this machine gives jobs (cgroup v1, bubblewrap): in order, in the job
/// directory, logged, limited in time, stopped at the first failure.
/// </summary>
public sealed class SetupStepRunnerTests : IDisposable
{
    private readonly string _job = Directory.CreateTempSubdirectory("nmpi-setup-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly JobSandbox _sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Auto);

    [Fact]
    public async Task Steps_RunInOrderInTheJobDirectory_WithTheirOutputUnderAHeader()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        SetupStep[] steps =
        [
            new("first", "write a", "sh", ["-c", "echo one; pwd > a.txt"]),
            new("second", "append b", "sh", ["-c", "echo two >&2; cat a.txt > b.txt"]),
        ];

        var failure = await runner.RunAsync(steps, _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Null(failure);
        Assert.Equal(["== set-up first (bwrap no-network): write a", "one", "== set-up second (bwrap no-network): append b", "two"], _log);
        Assert.Equal(_job + "\n", await File.ReadAllTextAsync(Path.Combine(_job, "b.txt")));
    }

    [Fact]
    public async Task FailingStep_EndsTheSetUpNamingItself_AndLaterStepsDoNotRun()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        SetupStep[] steps =
        [
            new("extra_makes", "make -C broken", "sh", ["-c", "echo 'cc: no such file' >&2; echo 'make: *** [all] Error 1' >&2; exit 2"]),
            new("extra_makes", "make -C later", "sh", ["-c", "touch later.txt"]),
        ];

        var failure = await runner.RunAsync(steps, _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(new SetupFailure(Outcome.Error, FailureReason.UserCodeError, "extra_makes: make -C broken failed: make: *** [all] Error 1"), failure);
        Assert.False(File.Exists(Path.Combine(_job, "later.txt")));
        Assert.Contains("cc: no such file", _log);
    }

    [Fact]
    public async Task ErrorSummaryLine_IsPreferredToTheHintsPrintedAfterIt()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        SetupStep step = new("extra_pip_installs", "pip install nothing", "sh", ["-c", "echo 'ERROR: No matching distribution found for nothing' >&2; echo '  note: not a problem with pip' >&2; echo 'hint: see above' >&2; exit 1"]);

        var failure = await runner.RunAsync([step], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal("extra_pip_installs: pip install nothing failed: ERROR: No matching distribution found for nothing", failure?.Message);
    }

    [Fact]
    public async Task GitsFatalLine_IsTheReason()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        SetupStep step = new("extra_git_repositories", "git clone --depth 1 file:///nowhere/x.git", "git", ["clone", "--depth", "1", "--", "file:///nowhere/x.git", "x"]);

        var failure = await runner.RunAsync([step], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(FailureReason.UserCodeError, failure?.Reason);
        Assert.StartsWith("extra_git_repositories: git clone --depth 1 file:///nowhere/x.git failed: fatal: ", failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepPastItsTimeLimit_IsKilledAndEndsInTimeout()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        SetupStep step = new("extra_makes", "make -C slow", "sh", ["-c", "echo $$ > pid; exec sleep 300"]);

        var failure = await runner.RunAsync([step], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(FailureReason.Timeout, failure?.Reason);
        Assert.Equal("extra_makes: make -C slow took longer than its limit of 00:00:01", failure?.Message);
        var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_job, "pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(SandboxRun.IsAlive(SandboxRun.HostPid(pid, _job)), "the step's process is gone once the runner returns");
    }

    [Fact]
    public async Task CancelDuringAStep_EndsCancelled()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
        var handle = new LeaseHandle(new LeaseRef());
        SetupStep step = new("extra_git_repositories", "git clone --depth 1 slow", "sh", ["-c", "echo $$ > pid; echo started; exec sleep 300"], NeedsNetwork: true);

        var running = runner.RunAsync([step], _job, line =>
        {
            _log.Enqueue(line);
            if (line == "started")
            {
                handle.Stop(StopReason.Cancelled);
            }
        }, handle);

        Assert.Equal(new SetupFailure(Outcome.Cancelled, FailureReason.Unspecified, "cancelled"), await running.WaitAsync(TimeSpan.FromSeconds(30)));
        var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_job, "pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(SandboxRun.IsAlive(SandboxRun.HostPid(pid, _job)), "the cancelled step's process is gone once the runner returns");
    }

    [Fact]
    public async Task StepWhosePathIsMissingOrLinked_IsRefusedBeforeItRuns()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        Directory.CreateSymbolicLink(Path.Combine(_job, "etc"), "/etc");
        SetupStep missing = new("extra_makes", "make -C repo", "sh", ["-c", "touch ran"], "repo");
        SetupStep linked = new("extra_makes", "make -C etc", "sh", ["-c", "touch ran"], "etc");

        var first = await runner.RunAsync([missing], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));
        var second = await runner.RunAsync([linked], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(new SetupFailure(Outcome.Error, FailureReason.InvalidInput, "extra_makes: make -C repo: 'repo' does not exist in the job directory"), first);
        Assert.Equal(new SetupFailure(Outcome.Error, FailureReason.InvalidInput, "extra_makes: make -C etc: 'etc' passes through a symbolic link"), second);
        Assert.False(File.Exists(Path.Combine(_job, "ran")));
    }

    [Fact]
    public async Task ProgramThatDoesNotExist_IsAFailureNamingTheStep()
    {
        var runner = new SetupStepRunner(_sandbox, new JobAttempt(7, 1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        SetupStep step = new("extra_makes", "make -C .", "/nonexistent/make", ["-C", "."]);

        var failure = await runner.RunAsync([step], _job, _log.Enqueue, new LeaseHandle(new LeaseRef()));

        Assert.Equal(Outcome.Error, failure?.Outcome);
        Assert.StartsWith("extra_makes: make -C . failed: ", failure?.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _sandbox.Dispose();
        Directory.Delete(_job, recursive: true);
    }
}
