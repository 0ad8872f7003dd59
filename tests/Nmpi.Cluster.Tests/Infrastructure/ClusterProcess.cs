using System.Diagnostics;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// One OS process of a test cluster (`dotnet nmpi-silo.dll` or `dotnet nmpi-gateway.dll`), run in a directory
/// of its own so no appsettings.json is read, with stdout and stderr appended to files across restarts.
/// </summary>
public sealed class ClusterProcess(string name, string assembly, string directory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments)
{
    private Process? _process;

    public string Name { get; } = name;

    public string StdoutPath { get; } = Path.Combine(directory, $"{name}.stdout.log");

    public string StderrPath { get; } = Path.Combine(directory, $"{name}.stderr.log");

    /// <summary>The running process's id, or null when it is not running.</summary>
    public int? Pid => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The exit code when the process was started and has exited by itself or was killed.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>Starts the process (again); its output is appended to the same files.</summary>
    public void Start()
    {
        if (Pid is not null)
        {
            throw new InvalidOperationException($"{Name} is already running as {Pid}.");
        }

        var workingDirectory = Path.Combine(directory, Name);
        Directory.CreateDirectory(workingDirectory);
        File.AppendAllText(StdoutPath, $"──── start of {Name} at {DateTime.UtcNow:O}{Environment.NewLine}");

        // sh redirects and then execs dotnet, so the process id is dotnet's own and the output goes to
        // files directly: nothing in the test process has to drain pipes, and a SIGKILL loses no line.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$NMPI_STDOUT\" 2>>\"$NMPI_STDERR\" </dev/null");
        info.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NMPI_STDOUT"] = StdoutPath;
        info.Environment["NMPI_STDERR"] = StderrPath;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        _process?.Dispose();
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{Name} did not start.");
    }

    /// <summary>Kills the process with SIGKILL (no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Kills only the process itself with SIGKILL, as a crash would, leaving its children to fend for themselves.</summary>
    public async Task KillAloneAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the process to shut down (SIGTERM, as systemd or Ctrl-C would); kills it after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>The last lines of stdout and stderr, for failure messages.</summary>
    public string Tail(int lines = 40) =>
        $"""
        ── {Name} ({(Pid is { } pid ? $"running as {pid}" : $"exited with {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}")}) stdout:
        {LastLines(StdoutPath, lines)}
        ── {Name} stderr:
        {LastLines(StderrPath, lines)}
        """;

    private static string LastLines(string path, int count)
    {
        if (!File.Exists(path))
        {
            return "(none)";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var tail = new Queue<string>(count);
        while (reader.ReadLine() is { } line)
        {
            if (tail.Count == count)
            {
                tail.Dequeue();
            }

            tail.Enqueue(line);
        }

        return string.Join(Environment.NewLine, tail);
    }
}
