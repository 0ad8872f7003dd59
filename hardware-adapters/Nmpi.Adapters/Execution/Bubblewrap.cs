using System.Diagnostics;
using System.Globalization;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Runs a job under bubblewrap: a minimal read-only root (<see cref="SandboxRoot"/>) with only the job's directory
/// writable, pid, ipc, uts and (unless a step needs it) network namespaces of its own, and the job's own unprivileged
/// user with no capabilities, so it can neither see nor signal the adapter or other jobs.
/// </summary>
internal sealed class Bubblewrap
{
    // The user bwrap maps an unprivileged adapter's jobs to inside their user namespace.
    private const int NobodyId = 65534;

    private readonly string _program;
    private readonly IReadOnlyList<string> _readOnlyPaths;
    private readonly IReadOnlyList<string> _writablePaths;

    private Bubblewrap(string program, IReadOnlyList<string> readOnlyPaths, IReadOnlyList<string> writablePaths)
    {
        _program = program;
        _readOnlyPaths = readOnlyPaths;
        _writablePaths = writablePaths;
    }

    /// <summary>Whether the adapter runs as root, so each job can run as a user id of its own (otherwise under a user namespace).</summary>
    public static bool CanSwitchUser { get; } = Environment.IsPrivilegedProcess;

    /// <summary>Finds the program (a name on PATH or a path) and checks that it can build the sandbox here; otherwise says why not.</summary>
    public static Bubblewrap? TryFind(string program, IReadOnlyList<string> readOnlyPaths, IReadOnlyList<string> writablePaths, out string whyNot)
    {
        if (ExecutableSearch.Find(program) is not { } found)
        {
            whyNot = $"{program} is not installed";
            return null;
        }

        var probe = new Bubblewrap(found, readOnlyPaths, writablePaths);
        var directory = Directory.CreateTempSubdirectory("nmpi-bwrap-probe-");
        try
        {
            var words = probe.Arguments(directory.FullName, JobIdentities.ProbeId);
            var start = new ProcessStartInfo(words[0])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.Environment.Clear();
            foreach (var word in words.Skip(1).Append("/usr/bin/true"))
            {
                start.ArgumentList.Add(word);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{found} did not start.");
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            whyNot = process.ExitCode == 0 ? "" : $"{found} cannot isolate a process here: {error.Trim()}";
            return process.ExitCode == 0 ? probe : null;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The words put before the command: bwrap and its options, then (as root) setpriv to the job's user without
    /// capabilities, ending with "--"; the machine's network only when asked for.
    /// </summary>
    public IReadOnlyList<string> Arguments(string jobDirectory, int userId, bool network = false)
    {
        // --die-with-parent: the job dies with bwrap, and bwrap with the adapter (ProcessLauncher starts it from a thread
        // that lives as long as the adapter; from a pool thread the parent-death signal would kill healthy jobs).
        // No --new-session: ProcessGroup already starts bwrap with setsid, in a session with no terminal, which the
        // rlimit watchdog counts the job's processes by.
        var arguments = new List<string> { _program, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try" };
        if (!network)
        {
            arguments.Add("--unshare-net");
        }

        if (!CanSwitchUser)
        {
            // Without root the job keeps the adapter's user outside, but sees none of its files (the root is minimal).
            arguments.AddRange(["--unshare-user", "--uid", Id(NobodyId), "--gid", Id(NobodyId), "--cap-drop", "ALL"]);
        }

        arguments.AddRange(SandboxRoot.Options(jobDirectory, _readOnlyPaths, _writablePaths));
        arguments.AddRange(["--chdir", jobDirectory, "--"]);
        if (CanSwitchUser)
        {
            // bwrap keeps root's capabilities for its child; setpriv gives them all up for good before the job's code runs.
            arguments.AddRange([
                "/usr/bin/setpriv", "--reuid", Id(userId), "--regid", Id(userId), "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }

        return arguments;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
