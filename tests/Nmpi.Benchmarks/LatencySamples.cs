using System.Diagnostics;

namespace Nmpi.Benchmarks;

/// <summary>Latencies in milliseconds from many threads, with nearest-rank percentiles.</summary>
public sealed class LatencySamples
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _milliseconds.Count;
            }
        }
    }

    /// <summary>Adds the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void Add(long startTimestamp, long endTimestamp) =>
        AddMilliseconds(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);

    public void AddMilliseconds(double milliseconds)
    {
        lock (_lock)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>The nearest-rank percentile (0 to 100), or NaN without samples.</summary>
    public double Percentile(double percent)
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _milliseconds];
        }

        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
