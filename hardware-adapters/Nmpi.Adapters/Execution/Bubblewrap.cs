using System.Diagnostics;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Runs a job under bubblewrap with the file system read-only except the job's directory, the configured writable paths
/// and a private /tmp; in a network namespace of its own (only a loopback interface) unless the step needs the network.
/// </summary>
internal sealed class Bubblewrap
{
    private readonly string _program;
    private readonly IReadOnlyList<string> _writablePaths;

    private Bubblewrap(string program, IReadOnlyList<string> writablePaths)
    {
        _program = program;
        _writablePaths = writablePaths;
    }

    /// <summary>Finds bwrap and checks that it can make a network namespace here; otherwise says why not.</summary>
    public static Bubblewrap? TryFind(IReadOnlyList<string> writablePaths, out string whyNot)
    {
        if (ExecutableSearch.Find("bwrap") is not { } program)
        {
            whyNot = "bwrap is not installed";
            return null;
        }

        var probe = new Bubblewrap(program, writablePaths);
        var directory = Directory.CreateTempSubdirectory("nmpi-bwrap-probe-");
        try
        {
            var words = probe.Arguments(directory.FullName);
            var start = new ProcessStartInfo(words[0])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var word in words.Skip(1).Append("/bin/true"))
            {
                start.ArgumentList.Add(word);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            whyNot = process.ExitCode == 0 ? "" : $"{program} cannot isolate a process here: {error.Trim()}";
            return process.ExitCode == 0 ? probe : null;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The words put before the command: bwrap and its options, ending with "--"; the machine's network only when asked for.</summary>
    public IReadOnlyList<string> Arguments(string jobDirectory, bool network = false)
    {
        // --tmpfs /tmp comes before the binds, so a job directory under /tmp is mounted on top of the empty /tmp.
        // --die-with-parent: the job dies with bwrap, and bwrap with the adapter (ProcessLauncher starts it from a thread
        // that lives as long as the adapter; from a pool thread the parent-death signal would kill healthy jobs).
        var arguments = new List<string> { _program, "--die-with-parent" };
        if (!network)
        {
            arguments.Add("--unshare-net");
        }

        arguments.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
        foreach (var path in _writablePaths.Append(jobDirectory).Distinct(StringComparer.Ordinal))
        {
            arguments.AddRange(["--bind", path, path]);
        }

        arguments.AddRange(["--chdir", jobDirectory, "--"]);
        return arguments;
    }
}
