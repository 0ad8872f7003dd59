namespace Nmpi.JobManager.Charts;

/// <summary>The spans the statistics page offers, each with the period length that gives a readable number of points.</summary>
public sealed record StatisticsSpan(int Days, int IntervalDays, string Label, string PeriodName)
{
    /// <summary>The offered spans; the first is the default.</summary>
    public static IReadOnlyList<StatisticsSpan> All { get; } =
    [
        new(30, 1, "30 days", "day"),
        new(90, 7, "90 days", "week"),
        new(365, 30, "1 year", "30 days"),
    ];

    /// <summary>The span for the <c>days</c> query value (empty: the default), or null when it is not one of the offered ones.</summary>
    public static StatisticsSpan? Parse(string? days) =>
        string.IsNullOrEmpty(days) ? All[0] : All.FirstOrDefault(s => string.Equals(s.Days.ToString(System.Globalization.CultureInfo.InvariantCulture), days, StringComparison.Ordinal));
}
