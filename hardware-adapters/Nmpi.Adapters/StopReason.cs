namespace Nmpi.Adapters;

/// <summary>Why a job's run was stopped before its script ended.</summary>
public enum StopReason
{
    /// <summary>Not stopped.</summary>
    None = 0,

    /// <summary>The gateway listed the job to stop (cancelled by its owner, or no longer this adapter's).</summary>
    Cancelled = 1,

    /// <summary>The adapter is shutting down.</summary>
    Shutdown = 2,

    /// <summary>The adapter could not renew the lease in time and killed the job before the lease could lapse at the gateway.</summary>
    LeaseLost = 3,
}
