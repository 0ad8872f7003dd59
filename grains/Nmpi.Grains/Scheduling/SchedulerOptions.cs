namespace Nmpi.Grains.Scheduling;

/// <summary>Timing of schedulers, adapters and the deadline sweep (configuration section Nmpi:Scheduling).</summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:Scheduling";

    /// <summary>How often a scheduler re-reads its queue from the jobs table (catches lost notifications).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a taken job is kept out of resyncs while its lease is being granted.</summary>
    public TimeSpan TakenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a long-poll waits inside the cluster (below the Orleans response timeout).</summary>
    public TimeSpan MaxLongPoll { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>An adapter counts as online this long after its last call.</summary>
    public TimeSpan AdapterOnlineWindow { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often the sweeper looks for deadlines that passed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs handled per sweep at most.</summary>
    public int SweepBatch { get; set; } = 500;
}
