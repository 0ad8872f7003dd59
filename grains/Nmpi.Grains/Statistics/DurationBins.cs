namespace Nmpi.Grains.Statistics;

/// <summary>The histogram arithmetic of job durations (the EBRAINS job queue's binning, with total seconds).</summary>
public static class DurationBins
{
    /// <summary>The upper end: the one asked for, else the longest duration rounded up to the next multiple of the bin count.</summary>
    public static double Max(double longestSeconds, int? requestedMax, int bins) =>
        requestedMax is { } requested and > 0 ? requested : (Math.Floor(Math.Max(0, longestSeconds) / bins) + 1) * bins;

    /// <summary>The upper end of the log10 scale: the power of ten at or above the maximum (at least 1).</summary>
    public static double LogTop(double max) => Math.Max(1, Math.Ceiling(Math.Log10(max)));

    /// <summary>The bin edges: <paramref name="bins"/> + 1 from 0 to max (linear); <paramref name="bins"/> from 0 to <see cref="LogTop"/> (log).</summary>
    public static IReadOnlyList<double> Edges(double max, int bins, bool log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, log ? 2 : 1);
        return log
            ? [.. Enumerable.Range(0, bins).Select(i => LogTop(max) * i / (bins - 1))]
            : [.. Enumerable.Range(0, bins + 1).Select(i => max * i / bins)];
    }

    /// <summary>How many values a histogram has: one per bin (linear), one fewer than the edges (log).</summary>
    public static int ValueCount(int bins, bool log) => log ? bins - 1 : bins;

    /// <summary>The upper end of the bucketed quantity: max seconds (linear) or its log10 top (log).</summary>
    public static double Top(double max, bool log) => log ? LogTop(max) : max;
}
