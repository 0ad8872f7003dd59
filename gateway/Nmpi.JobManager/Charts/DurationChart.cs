namespace Nmpi.JobManager.Charts;

/// <summary>The duration histogram of one platform and end status.</summary>
public sealed record DurationChart(string Platform, string Status, long Jobs, ChartData Chart);
