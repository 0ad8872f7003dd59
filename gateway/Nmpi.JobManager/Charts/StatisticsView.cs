using System.Globalization;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Charts;

/// <summary>The statistics page's charts, made from the Statistics service's answers: what to draw and what to say about it.</summary>
public sealed record StatisticsView(StatisticsSpan Span, ChartData Completed, ChartData Queues, IReadOnlyList<DurationChart> Durations)
{
    /// <summary>Builds the charts; platforms keep the service's order (the catalog's).</summary>
    public static StatisticsView From(StatisticsSpan span, PeriodCounts counts, QueueLengthResponse queues, JobDurationResponse durations)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(durations);
        var platforms = queues.Queues.Select(q => q.QueueName).ToList();
        return new StatisticsView(span, CompletedChart(span, counts, platforms), QueueChart(queues), [.. durations.Histograms.Select(DurationChartOf)]);
    }

    private static ChartData CompletedChart(StatisticsSpan span, PeriodCounts counts, IReadOnlyList<string> platforms)
    {
        var periods = counts.Periods;
        var series = platforms
            .Select(p => new ChartSeries(p, [.. periods.Select(period => (double)period.Count.GetValueOrDefault(p))]))
            .ToList();
        var totals = series.Select(s => $"{s.Name} {s.Values.Sum().ToString("0", CultureInfo.InvariantCulture)}");
        var first = periods.Count > 0 ? periods[0].Start : "";
        var last = periods.Count > 0 ? periods[^1].End : "";
        var description =
            $"Jobs that ended finished or in error per {span.PeriodName}, one line per platform, from {first} to {last}. " +
            $"Totals: {string.Join(", ", totals)}.";
        return new ChartData(
            [.. periods.Select(p => Short(p.Start))],
            [.. periods.Select(p => $"{p.Start} to {p.End}")],
            series,
            description);
    }

    private static ChartData QueueChart(QueueLengthResponse queues)
    {
        var waiting = new ChartSeries("Waiting", [.. queues.Queues.Select(q => (double)q.Submitted)]);
        var running = new ChartSeries("Running", [.. queues.Queues.Select(q => (double)q.Running)]);
        var description = "Jobs waiting and running now, per platform: " +
            string.Join("; ", queues.Queues.Select(q => $"{q.QueueName} {q.Submitted} waiting, {q.Running} running")) + ".";
        var names = queues.Queues.Select(q => q.QueueName).ToList();
        return new ChartData(names, names, [waiting, running], description);
    }

    private static DurationChart DurationChartOf(DurationHistogram histogram)
    {
        var edges = histogram.Bins;
        var ranges = Enumerable.Range(0, histogram.Values.Count)
            .Select(i => $"{DurationText.Of(edges[i])} to {DurationText.Of(edges[i + 1])}")
            .ToList();
        var total = histogram.Values.Sum();
        var peak = histogram.Values.Count == 0 ? -1 : histogram.Values.IndexOf(histogram.Values.Max());
        var description =
            $"How long {total} {histogram.Platform} job(s) that ended {histogram.Status} took from submission to completion, " +
            $"in {histogram.Values.Count} bins up to {DurationText.Of(histogram.Max)}" +
            (peak >= 0 ? $"; most took {ranges[peak]}." : ".");
        var data = new ChartData(
            [.. edges.Take(histogram.Values.Count).Select(DurationText.Of)],
            ranges,
            [new ChartSeries("Jobs", [.. histogram.Values.Select(v => (double)v)])],
            description);
        return new DurationChart(histogram.Platform, histogram.Status, total, data);
    }

    // "2026-12-01" → "12-01": the year is in the table and the tooltips.
    private static string Short(string date) => date.Length == 10 ? date[5..] : date;
}

