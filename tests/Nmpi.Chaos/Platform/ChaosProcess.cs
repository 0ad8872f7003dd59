using System.Diagnostics;

namespace Nmpi.Chaos.Platform;

/// <summary>
/// One platform process (`dotnet nmpi-silo.dll` and so on) under the program's own supervision: it is started again
/// whenever it exits, after a kill the program injected as after a crash it did not, which it records.
/// Output goes to files in the run directory, appended across restarts.
/// </summary>
public sealed class ChaosProcess(string name, string assembly, string directory, Func<int, IReadOnlyDictionary<string, string>> environment)
{
    private readonly Lock _gate = new();
    private readonly List<string> _crashes = [];
    private Process? _process;
    private Task? _supervision;
    private bool _killing;
    private bool _stopping;
    private DateTimeOffset _startedAt;

    /// <summary>The process's name in the run (silo1, gateway2, adapter1).</summary>
    public string Name { get; } = name;

    /// <summary>How many times the process was started; the current start's number.</summary>
    public int Incarnation { get; private set; }

    /// <summary>Exits the program did not cause, each with its time and exit code.</summary>
    public IReadOnlyList<string> Crashes
    {
        get
        {
            lock (_gate)
            {
                return [.. _crashes];
            }
        }
    }

    /// <summary>Whether the process is running now.</summary>
    public bool Running => _process is { HasExited: false };

    /// <summary>How long the current start has been running (zero when it is not running).</summary>
    public TimeSpan RunningFor => Running ? DateTimeOffset.UtcNow - _startedAt : TimeSpan.Zero;

    /// <summary>Starts the process and keeps it running until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        Launch();
        _supervision = Task.Run(SuperviseAsync);
    }

    /// <summary>Kills the process alone with SIGKILL, as a crash would (its children fend for themselves); it is restarted after a second.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        _killing = true;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>Stops supervising and asks the process to shut down (SIGTERM), killing it after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        lock (_gate)
        {
            _stopping = true;
        }

        if (_process is { HasExited: false } process)
        {
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
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        if (_supervision is { } supervision)
        {
            await supervision;
        }
    }

    private void Launch()
    {
        Incarnation++;
        var workingDirectory = Path.Combine(directory, Name);
        Directory.CreateDirectory(workingDirectory);
        var log = Path.Combine(directory, $"{Name}.log");
        File.AppendAllText(log, $"──── start {Incarnation} of {Name} at {DateTime.UtcNow:O}{Environment.NewLine}");

        // sh redirects and execs dotnet: the pid is dotnet's own and a SIGKILL loses no line of output.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$NMPI_CHAOS_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(assembly);
        info.Environment["NMPI_CHAOS_LOG"] = log;
        foreach (var (key, value) in environment(Incarnation))
        {
            info.Environment[key] = value;
        }

        // The old Process object is not disposed: Running, KillAsync and the supervision may still be reading it.
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{Name} did not start.");
        _startedAt = DateTimeOffset.UtcNow;
    }

    private async Task SuperviseAsync()
    {
        while (true)
        {
            var process = _process!;
            await process.WaitForExitAsync();
            if (_stopping)
            {
                return;
            }

            if (!_killing)
            {
                lock (_gate)
                {
                    _crashes.Add($"{DateTime.UtcNow:HH:mm:ss} {Name}.{Incarnation} exited by itself with code {process.ExitCode}");
                }
            }

            _killing = false;

            // As deploy/cluster's supervisors and systemd's Restart= would, after a second.
            await Task.Delay(TimeSpan.FromSeconds(1));
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                Launch();
            }
        }
    }
}
