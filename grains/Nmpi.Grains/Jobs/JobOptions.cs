namespace Nmpi.Grains.Jobs;

/// <summary>Lease, attempt and time limits of jobs (configuration section Nmpi:Jobs).</summary>
public sealed class JobOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:Jobs";

    /// <summary>How long a lease lives without a heartbeat.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often adapters should send heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs a job gets before a lost lease ends it in error.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a running job may take to confirm a cancel before it is ended anyway.</summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wall-time limit of a job that asks for none, and the most any job may ask for.</summary>
    public TimeSpan MaxWallTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most output files one job may store.</summary>
    public int MaxOutputFiles { get; set; } = 1000;

    /// <summary>Most bytes one job's output files may add up to.</summary>
    public long MaxOutputBytes { get; set; } = 10L << 30;

    /// <summary>Per-platform wall-time limits overriding <see cref="MaxWallTime"/>.</summary>
    public Dictionary<string, TimeSpan> PlatformWallTime { get; set; } = [];

    /// <summary>The wall-time limit that applies to a job of this platform asking for this much.</summary>
    public TimeSpan WallTimeFor(string platform, TimeSpan? requested)
    {
        var limit = PlatformWallTime.TryGetValue(platform, out var platformLimit) ? platformLimit : MaxWallTime;
        return requested is { } asked && asked > TimeSpan.Zero && asked < limit ? asked : limit;
    }
}
