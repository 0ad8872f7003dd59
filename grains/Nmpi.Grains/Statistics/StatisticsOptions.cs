namespace Nmpi.Grains.Statistics;

/// <summary>Statistics settings, bound from <c>Nmpi:Statistics</c>.</summary>
public sealed class StatisticsOptions
{
    public const string SectionName = "Nmpi:Statistics";

    /// <summary>How long an answer is reused for the same question (statistics are public; this bounds the database load).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most distinct questions a silo answers from the database per <see cref="CacheFor"/>; further new questions are refused
    /// until the oldest answer expires, so varying parameters cannot make the silo scan without end (ignored when nothing is cached).
    /// </summary>
    public int MaxQuestions { get; set; } = 64;

    /// <summary>Most statistics scans a silo runs at once; further ones wait for a free slot.</summary>
    public int MaxConcurrentScans { get; set; } = 2;

    /// <summary>How long a scan waits for a free slot before the question is refused as busy.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(10);
}
