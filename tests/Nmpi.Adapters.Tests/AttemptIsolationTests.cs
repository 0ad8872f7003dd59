using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// Two attempts of one job on one adapter, in the real sandbox (cgroup v1 and bubblewrap on this machine): the old
/// attempt's teardown (kill, remove its cgroups, delete its directory) runs while the new one runs, as in the chaos soak.
/// </summary>
public sealed class AttemptIsolationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string> Environment = new() { ["PYTHONUNBUFFERED"] = "1" };

    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-attempts-").FullName;

    [Fact]
    public async Task OldAttemptTornDown_WhileTheNextAttemptOfTheJobRuns_LeavesTheNewOneUntouchedAndItFinishes()
    {
        using var sandbox = SandboxRun.Sandbox(SandboxMode.Auto, NetworkIsolation.Auto);
        var old = JobWorkspace.Create(_root, new JobAttempt(882, 1));
        var first = await StartAsync(sandbox, new JobAttempt(882, 1), old, "import time\nopen('started', 'w').close()\ntime.sleep(300)\n");
        await EventuallyAsync(() => File.Exists(Path.Combine(old.Directory, "started")), "the old attempt to run");

        // The new attempt waits for the test's go, so the old one's teardown surely happens while it runs.
        var fresh = JobWorkspace.Create(_root, new JobAttempt(882, 2));
        const string Waits = """
            import os, time
            open("waiting", "w").close()
            deadline = time.time() + 120
            while not os.path.exists("go") and time.time() < deadline:
                time.sleep(0.05)
            open("result.txt", "w").write("done")
            print("finished")
            """;
        var second = await StartAsync(sandbox, new JobAttempt(882, 2), fresh, Waits);
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        try
        {
            await EventuallyAsync(() => File.Exists(Path.Combine(fresh.Directory, "waiting")), "the new attempt to run");

            // What JobRunner does when the old attempt is stopped: kill it, remove its limits, delete its directory.
            await first.KillAsync(TimeSpan.FromMilliseconds(200));
            await first.KillRemainingAsync();
            await first.DisposeAsync();
            old.Delete();

            await File.WriteAllTextAsync(Path.Combine(fresh.Directory, "go"), "");
            using var patience = new CancellationTokenSource(Patience);
            await second.WaitForExitAsync(patience.Token);
            await second.KillRemainingAsync();

            Assert.True(0 == second.ExitCode, $"the new attempt exited with {second.ExitCode}: {await output}{await errors}");
            Assert.Equal("finished\n", await output);
            Assert.Equal(SandboxedProcess.StartMarker + "\n", await errors);
            Assert.Equal("done", await File.ReadAllTextAsync(Path.Combine(fresh.Directory, "result.txt")));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<SandboxedProcess> StartAsync(JobSandbox sandbox, JobAttempt attempt, JobWorkspace workspace, string script)
    {
        var path = Path.Combine(workspace.Directory, "run.py");
        await File.WriteAllTextAsync(path, script);
        return await sandbox.StartAsync(attempt, SandboxRun.Python, [path], workspace.Directory, Environment, announceStart: true);
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
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
