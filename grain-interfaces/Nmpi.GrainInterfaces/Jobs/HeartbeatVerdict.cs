namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>What a heartbeat tells an adapter about one of its leases.</summary>
[GenerateSerializer, Alias("nmpi.HeartbeatVerdict")]
public enum HeartbeatVerdict
{
    /// <summary>Lease renewed; keep running.</summary>
    Renewed = 1,
    /// <summary>Stop the job: cancelled, timed out or no longer this adapter's.</summary>
    Stop = 2,
}
