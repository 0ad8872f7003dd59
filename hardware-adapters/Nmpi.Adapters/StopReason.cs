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
}
