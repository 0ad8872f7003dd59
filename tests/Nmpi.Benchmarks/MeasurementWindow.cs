using System.Diagnostics;

namespace Nmpi.Benchmarks;

/// <summary>The measured part of a run, in <see cref="Stopwatch"/> timestamps: after the warm-up, before the end.</summary>
public sealed class MeasurementWindow(TimeSpan warmup, TimeSpan duration)
{
    public long Start { get; } = Stopwatch.GetTimestamp() + ToTicks(warmup);

    public long End => Start + ToTicks(Duration);

    public TimeSpan Duration { get; } = duration;

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>Whether the submit phase (warm-up and measured part) is over.</summary>
    public bool IsOver => Stopwatch.GetTimestamp() >= End;

    /// <summary>Time until a timestamp, zero when it has passed.</summary>
    public static TimeSpan Until(long timestamp)
    {
        var ticks = timestamp - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, ticks);
    }

    public static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
