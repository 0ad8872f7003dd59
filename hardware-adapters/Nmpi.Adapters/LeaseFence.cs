namespace Nmpi.Adapters;

/// <summary>
/// When an adapter must kill a job whose lease it could not renew: early enough that the kill (SIGTERM, KillGrace,
/// SIGKILL) is over before the lease can lapse at the gateway, with a margin for late timers and clock-rate drift.
/// Times are measured from the moment the last renewal the gateway accepted was sent, which is never after the
/// gateway started that renewal's lease.
/// </summary>
public sealed class LeaseFence
{
    /// <summary>The smallest margin derived when none is configured.</summary>
    public static readonly TimeSpan SmallestDerivedMargin = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan LongestCheckPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Derives the fence from the gateway's lease and heartbeat interval, the adapter's kill grace and margin (derived when null).</summary>
    public LeaseFence(TimeSpan lease, TimeSpan heartbeatInterval, TimeSpan killGrace, TimeSpan? margin)
    {
        Lease = lease;
        HeartbeatInterval = heartbeatInterval;
        KillGrace = killGrace;
        Margin = margin ?? DeriveMargin(lease);
    }

    /// <summary>How long the gateway keeps a lease without a renewal.</summary>
    public TimeSpan Lease { get; }

    /// <summary>How often the adapter renews its leases.</summary>
    public TimeSpan HeartbeatInterval { get; }

    /// <summary>How long a killed job gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan KillGrace { get; }

    /// <summary>How long before the lease could lapse the kill must be over.</summary>
    public TimeSpan Margin { get; }

    /// <summary>How long after the last accepted renewal was sent the kill begins.</summary>
    public TimeSpan KillAfter => Lease - Margin - KillGrace;

    /// <summary>How often the adapter looks for leases past <see cref="KillAfter"/>: a quarter of the margin, at most 1 s.</summary>
    public TimeSpan CheckPeriod => Margin / 4 < LongestCheckPeriod ? Margin / 4 : LongestCheckPeriod;

    /// <summary>Why this fence cannot work (it would kill healthy jobs between two heartbeats), or null when it can.</summary>
    public string? Problem => Margin <= TimeSpan.Zero
        ? $"{AdapterOptions.Section}:LeaseSafetyMargin must be positive."
        : HeartbeatInterval + KillGrace + Margin >= Lease
            ? $"The gateway's lease of {Seconds(Lease)} is too short for this adapter: heartbeat interval {Seconds(HeartbeatInterval)} + "
              + $"{AdapterOptions.Section}:KillGrace {Seconds(KillGrace)} + {AdapterOptions.Section}:LeaseSafetyMargin {Seconds(Margin)} must stay below it, "
              + "or a job would be killed before its next heartbeat could renew its lease. Lower KillGrace or LeaseSafetyMargin, or lengthen Nmpi:Jobs:LeaseDuration at the cluster."
            : null;

    /// <summary>The margin used when none is configured: a tenth of the lease, at least 2 s.</summary>
    public static TimeSpan DeriveMargin(TimeSpan lease) => lease / 10 > SmallestDerivedMargin ? lease / 10 : SmallestDerivedMargin;

    /// <summary>True when a lease last renewed this long ago must have its job killed now.</summary>
    public bool MustKill(TimeSpan sinceRenewal) => sinceRenewal >= KillAfter;

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}
