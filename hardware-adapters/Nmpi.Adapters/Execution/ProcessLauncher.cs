using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Starts job processes from one dedicated thread that lives as long as the adapter. A parent-death signal
/// (PR_SET_PDEATHSIG, set through setpriv and bwrap's --die-with-parent) fires when the thread that forked the
/// child exits, not the process; .NET would fork from pool threads that retire at any time and kill healthy
/// jobs. From this thread, the signal fires only when the adapter itself dies (e.g. kill -9), so its jobs die with it
/// instead of running on unseen beside the attempt that replaces them.
/// </summary>
public static class ProcessLauncher
{
    private static readonly BlockingCollection<Launch> Queue = [];
    private static readonly Lazy<Thread> Thread = new(StartThread);

    /// <summary>Whether setpriv is installed, so the leader of a job gets a parent-death signal.</summary>
    public static bool CanSetParentDeathSignal { get; } = File.Exists("/usr/bin/setpriv");

    /// <summary>Starts the process on the launcher thread and returns it.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _ = Thread.Value;
        using var launch = new Launch(start);
        Queue.Add(launch);
        launch.Done.Wait();
        return launch.Failure is { } failure
            ? throw new InvalidOperationException($"{start.FileName} did not start: {failure.Message}", failure)
            : launch.Process!;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "nmpi-job-launcher" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach (var launch in Queue.GetConsumingEnumerable())
        {
            try
            {
                launch.Process = Process.Start(launch.StartInfo);
                if (launch.Process is null)
                {
                    launch.Failure = new InvalidOperationException("no process was started");
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                launch.Failure = e;
            }

            launch.Done.Set();
        }
    }

    private sealed class Launch(ProcessStartInfo start) : IDisposable
    {
        public ProcessStartInfo StartInfo { get; } = start;

        public ManualResetEventSlim Done { get; } = new();

        public Process? Process { get; set; }

        public Exception? Failure { get; set; }

        public void Dispose() => Done.Dispose();
    }
}
