using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters.Preparation;

/// <summary>The log messages of job preparation.</summary>
internal static partial class PreparationLog
{
    [LoggerMessage(101, LogLevel.Information, "Job {JobId}: cloned {Url}")]
    public static partial void Cloned(ILogger logger, long jobId, string url);

    [LoggerMessage(102, LogLevel.Information, "Job {JobId}: unpacked {Url}")]
    public static partial void Unpacked(ILogger logger, long jobId, string url);

    [LoggerMessage(103, LogLevel.Information, "Job {JobId}: fetched {Url} as {Name}")]
    public static partial void Fetched(ILogger logger, long jobId, string url, string name);

    [LoggerMessage(104, LogLevel.Information, "Job {JobId}: downloaded code bundle {BundleId}")]
    public static partial void Downloaded(ILogger logger, long jobId, string bundleId);
}
