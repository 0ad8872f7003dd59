namespace Nmpi.Benchmarks;

/// <summary>
/// Pairs each acknowledged submit's send time with the time its lease arrived at an adapter, by job id.
/// Either may come first: a job can be leased before its submitter has read the acknowledgement.
/// </summary>
public sealed class JobTimeline(MeasurementWindow window)
{
    private readonly Dictionary<long, long> _sentAt = [];
    private readonly Dictionary<long, long> _leasedAt = [];
    private readonly HashSet<long> _open = [];
    private readonly HashSet<long> _completedEarly = [];
    private readonly Lock _lock = new();
    private long _acknowledged;

    /// <summary>Submit-to-lease latency of jobs whose submit was sent inside the window.</summary>
    public LatencySamples SubmitToLease { get; } = new();

    /// <summary>Jobs acknowledged in the whole run, warm-up included.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Acknowledged jobs no adapter has completed yet.</summary>
    public long Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    public void Acknowledge(long jobId, long sentTimestamp)
    {
        lock (_lock)
        {
            _acknowledged++;
            if (!_completedEarly.Remove(jobId))
            {
                _open.Add(jobId);
            }

            if (_leasedAt.Remove(jobId, out var leased))
            {
                Record(sentTimestamp, leased);
            }
            else
            {
                _sentAt[jobId] = sentTimestamp;
            }
        }
    }

    public void Lease(long jobId, long leasedTimestamp)
    {
        lock (_lock)
        {
            if (_sentAt.Remove(jobId, out var sent))
            {
                Record(sent, leasedTimestamp);
            }
            else
            {
                _leasedAt[jobId] = leasedTimestamp;
            }
        }
    }

    public void Complete(long jobId)
    {
        lock (_lock)
        {
            // Jobs of an earlier run on the same endpoint may be completed too; they stay out of the count.
            if (!_open.Remove(jobId))
            {
                _completedEarly.Add(jobId);
            }
        }
    }

    private void Record(long sent, long leased)
    {
        if (window.Contains(sent))
        {
            SubmitToLease.Add(sent, leased);
        }
    }
}
