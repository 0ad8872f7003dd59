using Microsoft.Extensions.Logging;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>
/// Reads an Orleans client's log for failed connection attempts: a refused client retries forever inside its start,
/// so a test waits for a few refusals (a phase barrier) instead of a timeout.
/// </summary>
public sealed class ConnectionFailureLog(int enough) : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;

    /// <summary>Completes once <c>enough</c> connection attempts have failed.</summary>
    public Task Reached => _reached.Task;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        if (message.StartsWith("Connection attempt to endpoint", StringComparison.Ordinal) && message.EndsWith("failed", StringComparison.Ordinal)
            && Interlocked.Increment(ref _failures) >= enough)
        {
            _reached.TrySetResult();
        }
    }

    public void Dispose()
    {
    }
}
