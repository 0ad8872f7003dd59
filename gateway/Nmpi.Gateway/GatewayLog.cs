using Microsoft.Extensions.Logging;

namespace Nmpi.Gateway;

/// <summary>Source-generated log messages of the gateway.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception in {Method}")]
    public static partial void UnhandledException(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Cluster unavailable while serving {Method}")]
    public static partial void ClusterUnavailable(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Job {JobId} submitted by {UserId} to {Platform} (created: {Created})")]
    public static partial void JobSubmitted(ILogger logger, long jobId, string userId, string platform, bool created);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Adapter {AdapterId} registered for {Platform} with capacity {Capacity}")]
    public static partial void AdapterRegistered(ILogger logger, string adapterId, string platform, int capacity);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Output {Path} of job {JobId} stored as {Sha256} ({Size} bytes)")]
    public static partial void OutputStored(ILogger logger, long jobId, string path, string sha256, long size);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Output of job {JobId} refused: {Size} bytes exceed the cap of {Cap}")]
    public static partial void OutputTooLarge(ILogger logger, long jobId, long size, long cap);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stored provenance or hardware config of job {JobId} is not a JSON object; sent empty")]
    public static partial void BadStoredJson(ILogger logger, long jobId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Code file {Sha256} ({Size} bytes) stored for {Owner}")]
    public static partial void CodeFileStored(ILogger logger, string owner, string sha256, long size);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Code bundle {BundleId} of {Owner}: {Files} files, {Size} bytes")]
    public static partial void CodeBundleCreated(ILogger logger, string bundleId, string owner, int files, long size);

    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "Code upload refused for {Owner}: {Used} of {Limit} bytes stored, {Size} more asked")]
    public static partial void CodeStorageFull(ILogger logger, string owner, long used, long limit, long size);

    [LoggerMessage(EventId = 91, Level = LogLevel.Information, Message = "Code file collector removed {Files} unreferenced files ({Bytes} bytes)")]
    public static partial void CodeFilesCollected(ILogger logger, int files, long bytes);

    [LoggerMessage(EventId = 92, Level = LogLevel.Warning, Message = "Code file collection failed; it runs again at the next interval")]
    public static partial void CodeCollectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 93, Level = LogLevel.Warning, Message = "Output {Path} of job {JobId} refused: {Reason}")]
    public static partial void OutputRefused(ILogger logger, long jobId, string path, string reason);
}
