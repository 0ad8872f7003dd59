namespace Nmpi.Gateway.RateLimits;

/// <summary>Per-user limits on calls that change state, bound from <c>Nmpi:Gateway:WriteRateLimit</c>.</summary>
public sealed class WriteRateLimitOptions
{
    public const string SectionName = "Nmpi:Gateway:WriteRateLimit";

    /// <summary>Writes a user may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Writes per second a user may sustain (the bucket's refill rate).</summary>
    public double PerSecond { get; set; } = 50;

    /// <summary>MiB of code a user may upload at once after being idle (UploadBlob is counted by bytes, not calls).</summary>
    public int UploadBurstMiB { get; set; } = 1024;

    /// <summary>MiB of code per second a user may upload sustained.</summary>
    public double UploadMiBPerSecond { get; set; } = 32;
}
