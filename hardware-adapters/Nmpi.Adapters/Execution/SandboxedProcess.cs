using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters.Execution;

/// <summary>A job's command running inside its limits: a watchdog kills all of it at once when it hits one.</summary>
public sealed class SandboxedProcess : IAsyncDisposable
{
    // How often the kernel's counters (or /proc, without cgroups) are looked at while the job runs.
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);

    private readonly ProcessGroup _group;
    private readonly IJobContainment _containment;
    private readonly JobAttempt _attempt;
    private readonly ILogger _logger;
    private readonly Action _released;
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly Task _watching;
    private LimitBreach _breach;

    internal SandboxedProcess(ProcessGroup group, IJobContainment containment, JobAttempt attempt, ILogger logger, Action released)
    {
        _released = released;
        _group = group;
        _containment = containment;
        _attempt = attempt;
        _logger = logger;
        _watching = Task.Run(WatchAsync);
    }

    /// <summary>The first line on standard error of a process started with announceStart, once its program is about to run.</summary>
    public const string StartMarker = "nmpi: the job's code starts";

    // The last words before the program: runs inside the sandbox as the job's user; "$0" is the marker, "$1" the program.
    internal static readonly IReadOnlyList<string> Announcer =
        ["/bin/sh", "-c", "command -v -- \"$1\" >/dev/null || { echo \"nmpi-start: $1 not found\" >&2; exit 127; }; echo \"$0\" >&2; exec \"$@\"", StartMarker];

    /// <summary>The process's session and group id.</summary>
    public int SessionId => _group.GroupId;

    /// <summary>The command's standard output.</summary>
    public StreamReader StandardOutput => _group.StandardOutput;

    /// <summary>The command's standard error.</summary>
    public StreamReader StandardError => _group.StandardError;

    /// <summary>The exit code once the command has exited (128 + the signal when killed).</summary>
    public int ExitCode => _group.ExitCode;

    /// <summary>Waits for the command to exit, which it also does when the watchdog kills it for a limit.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _group.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM to the group, SIGKILL after the grace period, then SIGKILL to every process of the job the sandbox can see.</summary>
    public async Task KillAsync(TimeSpan grace)
    {
        await _group.KillAsync(grace);
        await _containment.KillAllAsync();
    }

    /// <summary>Once the command has exited: stops the watchdog and kills whatever of the job is left (children it left behind).</summary>
    public async Task KillRemainingAsync()
    {
        await StopWatchingAsync();
        _group.KillRemaining();
        await _containment.KillAllAsync();
    }

    /// <summary>The limit that explains the end of the job, if any; call after <see cref="KillRemainingAsync"/>.</summary>
    public LimitBreach Breach(string? lastErrorLine) =>
        _breach != LimitBreach.None ? _breach : _containment.CheckAfterExit(ExitCode, lastErrorLine);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopWatchingAsync();
            _group.KillRemaining();
            await _containment.RemoveAsync();
        }
        finally
        {
            _stopWatching.Dispose();
            _group.Dispose();
            _released();
        }
    }

    private async Task StopWatchingAsync()
    {
        if (!_stopWatching.IsCancellationRequested)
        {
            await _stopWatching.CancelAsync();
        }

        await _watching;
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopWatching.Token))
            {
                var breach = _containment.Check();
                if (breach == LimitBreach.None)
                {
                    continue;
                }

                // Killed at once: a fork bomb or a swapping job would otherwise hold the machine until its wall time ends.
                SandboxLog.Breached(_logger, _attempt.JobId, _attempt.Epoch, breach);
                _breach = breach;
                _group.KillRemaining();
                await _containment.KillAllAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The command has exited; the final look is CheckAfterExit.
        }
    }
}
