using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters;

/// <summary>The adapter's log messages.</summary>
internal static partial class AdapterLog
{
    [LoggerMessage(1, LogLevel.Information, "Registered as {AdapterId} for {Platform} with capacity {Capacity}")]
    public static partial void Registered(ILogger logger, string adapterId, string platform, int capacity);

    [LoggerMessage(2, LogLevel.Information, "Job {JobId} (epoch {Epoch}) leased")]
    public static partial void Leased(ILogger logger, long jobId, long epoch);

    [LoggerMessage(3, LogLevel.Information, "Job {JobId} ended {Outcome} ({Reason})")]
    public static partial void Ended(ILogger logger, long jobId, string outcome, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Job {JobId}: the gateway refused a report (lease fenced); giving the job up")]
    public static partial void Fenced(ILogger logger, long jobId);

    [LoggerMessage(5, LogLevel.Error, "Job {JobId}: the adapter failed while running it")]
    public static partial void RunFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Heartbeat failed; retrying at the next interval")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Leasing failed; retrying in {Delay}")]
    public static partial void LeaseFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Job {JobId}: the gateway asked to stop it")]
    public static partial void StopRequested(ILogger logger, long jobId);

    [LoggerMessage(9, LogLevel.Information, "Returned {Count} unstarted jobs to the queue")]
    public static partial void Returned(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Warning, "Could not return unstarted jobs to the queue")]
    public static partial void ReturnFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Job {JobId} (epoch {Epoch}): its lease was last renewed {Since} ago and the gateway's lease is {Lease}; killing the job before the lease can lapse")]
    public static partial void LeaseLost(ILogger logger, long jobId, long epoch, TimeSpan since, TimeSpan lease);

    [LoggerMessage(12, LogLevel.Critical, "Refusing to run: {Problem}")]
    public static partial void LeaseTimingRefused(ILogger logger, string problem);

    [LoggerMessage(13, LogLevel.Information, "Job {JobId}: told the gateway the run was lost; the lease is left to lapse so the job is queued again")]
    public static partial void LossReported(ILogger logger, long jobId);
}
