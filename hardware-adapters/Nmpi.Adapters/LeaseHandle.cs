using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>
/// A job leased to this adapter: its lease, when the gateway last renewed it, whether it has started, and the switch
/// that stops its run. <paramref name="renewedAt"/> is the monotonic timestamp (TimeProvider.GetTimestamp) at which the
/// call that granted the lease was sent.
/// </summary>
public sealed class LeaseHandle(LeaseRef lease, long renewedAt = 0)
{
    // Never disposed: it has no timer, and a late Stop from the heartbeat must not meet a disposed source.
    private readonly CancellationTokenSource _stop = new();
    private int _reason;
    private long _renewedAt = renewedAt;

    public LeaseRef Lease { get; } = lease;

    /// <summary>True once the gateway accepted MarkRunning.</summary>
    public bool Started { get; private set; }

    /// <summary>The first reason the run was asked to stop.</summary>
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>Cancelled when the run must stop.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Asks the run to stop; the first reason given wins.</summary>
    public void Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            _stop.Cancel();
        }
    }

    /// <summary>The monotonic timestamp at which the last call that renewed the lease (or granted it) was sent.</summary>
    public long RenewedAt => Interlocked.Read(ref _renewedAt);

    /// <summary>Records a renewal the gateway accepted, by the moment its call was sent; an older answer arriving late changes nothing.</summary>
    public void Renewed(long sentAt)
    {
        var seen = Interlocked.Read(ref _renewedAt);
        while (sentAt > seen)
        {
            var was = Interlocked.CompareExchange(ref _renewedAt, sentAt, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Records that the job is running on this site.</summary>
    public void MarkStarted() => Started = true;
}
