using System.Collections.Concurrent;
using Grpc.Core;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// What a well-behaved client does while a process of the cluster is down: repeat the same call (the same
/// request id, the same lease) until it succeeds or its deadline passes, counting the failures it saw.
/// </summary>
public sealed class TransientRetry
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<StatusCode, int> _failures = new();

    /// <summary>Failed attempts by status code (each was retried or ended the retrying).</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => _failures;

    /// <summary>The failed attempts in the form "Unavailable=3, Internal=1".</summary>
    public string Summary() => _failures.IsEmpty ? "none" : string.Join(", ", _failures.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"));

    /// <summary>Calls until success; a status that is no transient failure, or the deadline, ends it with the last exception.</summary>
    public async Task<T> CallAsync<T>(Func<DateTime, Task<T>> call, DateTime giveUpAt, TimeSpan? perCall = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(DateTime.UtcNow + (perCall ?? TimeSpan.FromSeconds(10)));
            }
            catch (RpcException e) when (IsTransient(e.StatusCode) && !cancellationToken.IsCancellationRequested)
            {
                _failures.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
                if (DateTime.UtcNow >= giveUpAt)
                {
                    throw;
                }
            }

            // A short pause between attempts, as a real client backs off; the loop ends on success or the deadline.
            await Task.Delay(Backoff, cancellationToken);
        }
    }

    // Internal is retried too (a client cannot tell it apart from a crash), but it is counted for the report.
    private static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
}
