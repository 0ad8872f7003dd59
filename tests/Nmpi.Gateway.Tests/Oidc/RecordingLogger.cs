using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>Keeps every formatted log line (with its exception text), so a test can check that no token was logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
