using System.Diagnostics;

namespace Nmpi.Benchmarks;

/// <summary>Hands out send times spaced 1/rate apart to all submit clients together (open loop).</summary>
public sealed class SubmitPacer(double submitsPerSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly double _ticksPerSubmit = Stopwatch.Frequency / submitsPerSecond;
    private long _next;

    /// <summary>Waits until the next free slot; a client that fell behind sends at once.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        var slot = Interlocked.Increment(ref _next) - 1;
        var due = _start + (long)(slot * _ticksPerSubmit);
        var wait = MeasurementWindow.Until(due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
