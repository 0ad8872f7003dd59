using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters.Execution;

/// <summary>The sandbox's log messages.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(20, LogLevel.Information, "Jobs run sandboxed: {Sandbox}; each may use {Memory} of memory and {MaxProcesses} processes")]
    public static partial void Chosen(ILogger logger, string sandbox, string memory, int maxProcesses);

    [LoggerMessage(21, LogLevel.Information, "Sandbox: {Mechanism} not used: {Reason}")]
    public static partial void NotUsed(ILogger logger, string mechanism, string reason);

    [LoggerMessage(22, LogLevel.Warning, "Job {JobId} (epoch {Epoch}) hit its limit ({Breach}); killing all its processes")]
    public static partial void Breached(ILogger logger, long jobId, long epoch, LimitBreach breach);
}
