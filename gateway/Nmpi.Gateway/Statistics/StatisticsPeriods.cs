using System.Globalization;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Statistics;

namespace Nmpi.Gateway.Statistics;

/// <summary>The periods of a statistics question, as the EBRAINS job queue lays them out, with the checks on its parameters.</summary>
public static class StatisticsPeriods
{
    /// <summary>The default length of a period.</summary>
    public const int DefaultInterval = 7;

    /// <summary>The default span when no start is given.</summary>
    public const int DefaultSpanDays = 30;

    /// <summary>Longest span a question may cover.</summary>
    public const int MaxSpanDays = 3660;

    /// <summary>Most periods an answer may have.</summary>
    public const int MaxPeriods = 1000;

    /// <summary>How many periods a span has for each statistic.</summary>
    public enum Layout
    {
        /// <summary>Job counts: whole periods inside the span (at least one), as numpy bins with the span's days as edges.</summary>
        Inside,

        /// <summary>Resource usage: one more than the whole periods, so the last one holds the end day.</summary>
        Covering,

        /// <summary>Active users: periods until the end is reached (at least one).</summary>
        UpToEnd,
    }

    /// <summary>The start and end dates: end defaults to today, start to 30 days before the end.</summary>
    public static (DateOnly Start, DateOnly End, List<FieldViolation> Problems) Span(string start, string end, DateOnly today)
    {
        var problems = new List<FieldViolation>();
        var last = Parse("end", end, problems) ?? today;
        var first = Parse("start", start, problems) ?? last.AddDays(-DefaultSpanDays);
        if (problems.Count == 0 && first > last)
        {
            problems.Add(new("start", "must not be after end"));
        }
        else if (problems.Count == 0 && last.DayNumber - first.DayNumber > MaxSpanDays)
        {
            problems.Add(new("start", $"must be at most {MaxSpanDays} days before end"));
        }

        return (first, last, problems);
    }

    /// <summary>The grid of periods of <paramref name="intervalDays"/> (0: the default) over the span, or the problems with it.</summary>
    public static (PeriodGrid? Grid, IReadOnlyList<FieldViolation> Problems) Grid(string start, string end, int intervalDays, DateOnly today, Layout layout)
    {
        var (first, last, problems) = Span(start, end, today);
        var interval = intervalDays == 0 ? DefaultInterval : intervalDays;
        if (interval is < 1 or > MaxSpanDays)
        {
            problems.Add(new("interval", $"must be between 1 and {MaxSpanDays} days"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var days = last.DayNumber - first.DayNumber;
        var periods = layout switch
        {
            Layout.Inside => Math.Max(1, days / interval),
            Layout.Covering => (days / interval) + 1,
            _ => Math.Max(1, (days + interval - 1) / interval),
        };
        return periods > MaxPeriods
            ? (null, [new FieldViolation("interval", $"makes {periods} periods; at most {MaxPeriods} are answered")])
            : (new PeriodGrid(first, interval, periods), []);
    }

    /// <summary>A date as EBRAINS writes it.</summary>
    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string field, string text, List<FieldViolation> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new(field, $"must be a date like 2024-01-31, not '{text}'"));
        return null;
    }
}
