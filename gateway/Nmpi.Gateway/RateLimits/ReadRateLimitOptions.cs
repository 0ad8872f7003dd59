namespace Nmpi.Gateway.RateLimits;

/// <summary>Per-caller limits on reads (gRPC Get/List/Watch/Follow/Download/Find calls and HTTP GETs), bound from <c>Nmpi:Gateway:ReadRateLimit</c>.</summary>
public sealed class ReadRateLimitOptions
{
    public const string SectionName = "Nmpi:Gateway:ReadRateLimit";

    /// <summary>Reads a caller may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 1000;

    /// <summary>Reads per second a caller may sustain (the bucket's refill rate).</summary>
    public double PerSecond { get; set; } = 100;
}
