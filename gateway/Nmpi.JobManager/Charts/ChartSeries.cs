namespace Nmpi.JobManager.Charts;

/// <summary>One named row of values of a chart (a platform's counts per period, the waiting jobs per platform, ...).</summary>
/// <param name="Name">Shown in the legend, the tooltips and the table.</param>
/// <param name="Values">One value per category of the chart, in the chart's order.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);
