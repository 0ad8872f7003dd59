using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>A job leased to this adapter: its lease, whether it has started, and the switch that stops its run.</summary>
public sealed class LeaseHandle(LeaseRef lease)
{
    // Never disposed: it has no timer, and a late Stop from the heartbeat must not meet a disposed source.
    private readonly CancellationTokenSource _stop = new();
    private int _reason;

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

    /// <summary>Records that the job is running on this site.</summary>
    public void MarkStarted() => Started = true;
}
