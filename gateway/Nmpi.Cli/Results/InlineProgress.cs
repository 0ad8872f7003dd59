namespace Nmpi.Cli.Results;

/// <summary>Reports on the caller's thread at once (Progress&lt;T&gt; posts to the thread pool and may reorder reports).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
