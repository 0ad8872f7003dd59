using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Nmpi.Cli.Tests.Infrastructure;

/// <summary>The real nmpi (dotnet nmpi.dll from its own build output) as a child process in a workspace.</summary>
public sealed class NmpiProcess : IDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(8);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();

    private NmpiProcess(CliWorkspace workspace, IEnumerable<string> args, string? input = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workspace.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(CliDirectory, "nmpi.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = workspace.Home;
        start.Environment["XDG_CONFIG_HOME"] = workspace.ConfigHome;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_stdout)
                {
                    _stdout.AppendLine(line);
                }

                _lines.Enqueue(line);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        };
        _process.Start();
        if (input is not null)
        {
            _process.StandardInput.Write(input);
        }

        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Where nmpi.dll was built (set by the test project from the nmpi project's output path).</summary>
    public static string CliDirectory { get; } = typeof(NmpiProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CliDirectory").Value!;

    /// <summary>Lines printed on stdout so far, in order, each handed out once.</summary>
    public ConcurrentQueue<string> Lines => _lines;

    /// <summary>Runs nmpi to its end.</summary>
    public static async Task<CliResult> RunAsync(CliWorkspace workspace, params string[] args)
    {
        using var nmpi = Start(workspace, args);
        return await nmpi.WaitAsync();
    }

    /// <summary>Runs nmpi to its end with the text as its standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(CliWorkspace workspace, string input, params string[] args)
    {
        using var nmpi = new NmpiProcess(workspace, args, input);
        return await nmpi.WaitAsync();
    }

    /// <summary>Starts nmpi and returns at once (for commands that keep running, such as list --watch).</summary>
    public static NmpiProcess Start(CliWorkspace workspace, params string[] args) => new(workspace, args);

    /// <summary>Waits for the end; a process still running after minutes is killed and the test fails.</summary>
    public async Task<CliResult> WaitAsync()
    {
        using var limit = new CancellationTokenSource(Longest);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nmpi did not end within {Longest}: {Result(-1)}");
        }

        _process.WaitForExit();
        return Result(_process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private CliResult Result(int exitCode)
    {
        lock (_stdout)
        {
            lock (_stderr)
            {
                return new CliResult(exitCode, _stdout.ToString(), _stderr.ToString());
            }
        }
    }
}
