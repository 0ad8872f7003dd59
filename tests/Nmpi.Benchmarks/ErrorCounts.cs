using System.Collections.Concurrent;
using Grpc.Core;

namespace Nmpi.Benchmarks;

/// <summary>Failed calls counted by operation and gRPC status code.</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<(string Operation, StatusCode Code), long> _counts = new();

    public long Total => _counts.Values.Sum();

    public void Add(string operation, StatusCode code) => _counts.AddOrUpdate((operation, code), 1, (_, n) => n + 1);

    /// <summary>Counts of one operation, e.g. "SubmitJob".</summary>
    public long Of(string operation) => _counts.Where(c => c.Key.Operation == operation).Sum(c => c.Value);

    /// <summary>"SubmitJob Unavailable=3, CompleteJob DeadlineExceeded=1" or "none".</summary>
    public override string ToString() => _counts.IsEmpty
        ? "none"
        : string.Join(", ", _counts.OrderBy(c => c.Key.Operation, StringComparer.Ordinal).ThenBy(c => c.Key.Code)
            .Select(c => $"{c.Key.Operation} {c.Key.Code}={c.Value}"));
}
