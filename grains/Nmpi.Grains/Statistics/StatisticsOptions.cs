namespace Nmpi.Grains.Statistics;

/// <summary>Statistics settings, bound from <c>Nmpi:Statistics</c>.</summary>
public sealed class StatisticsOptions
{
    public const string SectionName = "Nmpi:Statistics";

    /// <summary>How long an answer is reused for the same question (statistics are public; this bounds the database load).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}
