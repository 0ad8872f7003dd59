using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>Runs a Python script in a real sandbox the way the job runner does, and what came of it.</summary>
public sealed record SandboxRun(int ExitCode, LimitBreach Breach, string Output, string Errors)
{
    public const string Python = "/usr/bin/python3";

    // Generous: the limits end these scripts long before; the wait only keeps a broken sandbox from hanging the suite.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>A sandbox as the adapter would choose it with these settings; a unique adapter name keeps its cgroups apart.</summary>
    public static JobSandbox Sandbox(SandboxMode mode, NetworkIsolation network, long memory = 4L << 30, int processes = 256, params string[] writable) =>
        new(Options.Create(new AdapterOptions
        {
            Name = $"test-{Guid.NewGuid():N}"[..16],
            Sandbox = mode,
            NetworkIsolation = network,
            MemoryLimit = memory,
            MaxProcesses = processes,
            WritablePaths = [.. writable],
        }), NullLogger<JobSandbox>.Instance);

    /// <summary>Writes the script into the directory and runs it with the marker as its argument, to its end.</summary>
    public static async Task<SandboxRun> RunAsync(
        JobSandbox sandbox, string directory, string script, string marker, Func<SandboxedProcess, Task>? whileRunning = null, long jobId = 1)
    {
        var path = Path.Combine(directory, "run.py");
        await File.WriteAllTextAsync(path, script);
        await using var process = await sandbox.StartAsync(
            new JobAttempt(jobId, 1), Python, [path, marker], directory, new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" });
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (whileRunning is not null)
        {
            try
            {
                await whileRunning(process);
            }
            catch (Exception e)
            {
                // Say what the script printed: it may have ended on its own before the test was done with it.
                await process.KillAsync(TimeSpan.Zero);
                await process.KillRemainingAsync();
                throw new InvalidOperationException($"{e.Message}; the script exited with code {process.ExitCode} after: {await output}{await errors}", e);
            }
        }

        using var patience = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(patience.Token);
        await process.KillRemainingAsync();
        var errorText = await errors;
        var lastError = errorText.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return new SandboxRun(process.ExitCode, process.Breach(lastError), await output, errorText);
    }

    /// <summary>Whether the process exists and is not a zombie (a killed grandchild waits there until init reaps it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The machine's pid of a process a sandboxed script knew by the pid of its own pid namespace (what os.getpid() or
    /// $$ says there), found by that pid and a working directory in the job's; -1 (no process) once it is gone.
    /// </summary>
    public static int HostPid(int namespacePid, string jobDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var nsPids = File.ReadAllLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal))?
                    .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (nsPids is { Length: > 2 } && nsPids[^1] == namespacePid.ToString(CultureInfo.InvariantCulture)
                    && new FileInfo(Path.Combine(directory, "cwd")).LinkTarget is { } cwd && cwd.StartsWith(jobDirectory, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while listed.
            }
        }

        return -1;
    }

    /// <summary>Live (not zombie) processes whose command line carries the marker, from /proc.</summary>
    public static int[] LiveWithMarker(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (commandLine.Contains(marker, StringComparison.Ordinal) && state is not ("Z" or "X"))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while listed.
            }
        }

        return [.. found];
    }
}
