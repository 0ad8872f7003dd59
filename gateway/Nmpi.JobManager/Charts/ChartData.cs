namespace Nmpi.JobManager.Charts;

/// <summary>What one chart draws: short and long category labels, the series, and its text alternative.</summary>
public sealed record ChartData(IReadOnlyList<string> Categories, IReadOnlyList<string> CategoryTitles, IReadOnlyList<ChartSeries> Series, string Description);
