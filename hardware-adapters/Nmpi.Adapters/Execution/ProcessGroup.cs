using System.Diagnostics;

namespace Nmpi.Adapters.Execution;

/// <summary>A job's child process started through setsid, so it and everything it spawns can be signalled as one group.</summary>
public sealed class ProcessGroup : IDisposable
{
    // Runs with the parent-death signal already armed: if the adapter died before it was armed, the parent is no longer
    // the adapter ("$0"), and nothing of the job may start; otherwise the signal kills this process when the adapter dies.
    private const string ParentCheck = "[ \"$PPID\" = \"$0\" ] || exit 125; exec setsid \"$@\"";

    private static readonly string AdapterPid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly Process _process;

    private ProcessGroup(Process process)
    {
        _process = process;
    }

    /// <summary>The group id: setsid makes the child a session and group leader without forking, so it equals the pid.</summary>
    public int GroupId => _process.Id;

    /// <summary>The child's standard output.</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    /// <summary>The child's standard error.</summary>
    public StreamReader StandardError => _process.StandardError;

    /// <summary>The exit code once the child has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the program in a new session, in the working directory, with exactly the given environment (none of the adapter's).</summary>
    public static ProcessGroup Start(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        // setpriv gives the leader a parent-death signal (see ProcessLauncher), a shell checks that the adapter still is
        // its parent (no window in which the adapter dies and the job starts anyway), then setsid makes it a group leader.
        var start = new ProcessStartInfo(ProcessLauncher.CanSetParentDeathSignal ? "/usr/bin/setpriv" : "setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ProcessLauncher.CanSetParentDeathSignal)
        {
            foreach (var word in new[] { "--pdeathsig", "KILL", "--", "/bin/sh", "-c", ParentCheck, AdapterPid })
            {
                start.ArgumentList.Add(word);
            }
        }

        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The adapter's own environment may hold its key (Nmpi__Adapter__ApiKey) or other site settings.
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = ProcessLauncher.Start(start);

        // The job gets no input: a script reading stdin sees end of file rather than hanging.
        process.StandardInput.Close();
        return new ProcessGroup(process);
    }

    /// <summary>Waits for the group's leader to exit.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends SIGTERM to the group, then SIGKILL after the grace period (or at once once the leader is gone).</summary>
    public async Task KillAsync(TimeSpan grace)
    {
        Signal(Signals.Term);
        using var graceTimer = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(graceTimer.Token);
        }
        catch (OperationCanceledException)
        {
            // The leader ignored SIGTERM; SIGKILL below cannot be ignored.
        }

        KillRemaining();
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Sends SIGKILL to whatever is left of the group (e.g. children the script left behind).</summary>
    public void KillRemaining() => Signal(Signals.Kill);

    public void Dispose() => _process.Dispose();

    // ESRCH (no process left in the group) is the expected result once everything has exited.
    private void Signal(int signal) => Signals.Send(-GroupId, signal);
}
