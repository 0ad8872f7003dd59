using System.Diagnostics;

namespace Nmpi.Benchmarks;

/// <summary>
/// The measured part of a run, in <see cref="Stopwatch"/> timestamps: from <see cref="Begin"/> (the end of the warm-up)
/// for <see cref="Duration"/>. Before it begins, it contains no timestamp and is not over.
/// </summary>
public sealed class MeasurementWindow(TimeSpan duration)
{
    private const long NotBegun = long.MaxValue;
    private long _start = NotBegun;

    public long Start => Volatile.Read(ref _start);

    public long End => Start == NotBegun ? NotBegun : Start + ToTicks(Duration);

    public TimeSpan Duration { get; } = duration;

    public bool HasBegun => Start != NotBegun;

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>Whether the submit phase (warm-up and measured part) is over.</summary>
    public bool IsOver => Stopwatch.GetTimestamp() >= End;

    /// <summary>Ends the warm-up: the measured part starts now. Later calls change nothing.</summary>
    public void Begin() => Interlocked.CompareExchange(ref _start, Stopwatch.GetTimestamp(), NotBegun);

    /// <summary>Time until a timestamp, zero when it has passed.</summary>
    public static TimeSpan Until(long timestamp)
    {
        var ticks = timestamp - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, ticks);
    }

    public static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
