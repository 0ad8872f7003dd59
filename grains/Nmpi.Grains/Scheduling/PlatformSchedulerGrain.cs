using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Scheduling;

/// <summary>
/// The ready queue of one platform. Soft state: rebuilt from the jobs table on activation and every
/// resync interval, so a lost notification or a crashed silo delays a job but never loses it.
/// Reentrant: every state change happens between awaits.
/// </summary>
[Reentrant]
public sealed class PlatformSchedulerGrain(JobStore store, IOptions<SchedulerOptions> options, TimeProvider time)
    : Grain, IPlatformSchedulerGrain
{
    private readonly SchedulerOptions _options = options.Value;
    private readonly FairQueue _queue = new();
    private readonly Dictionary<long, DateTimeOffset> _taken = [];
    private readonly Dictionary<string, AdapterSeen> _adapters = new(StringComparer.Ordinal);
    private List<QueueEntry>? _addedDuringResync;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _resyncing;

    private string Platform => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ResyncAsync();
        this.RegisterGrainTimer(ResyncAsync, new GrainTimerCreationOptions(_options.ResyncInterval, _options.ResyncInterval)
        {
            Interleave = true,
        });
    }

    public Task EnqueueAsync(QueueEntry entry)
    {
        // The job grain says it waits now (new, or back after a lost lease): that outranks an old take.
        _taken.Remove(entry.JobId);
        if (_queue.Add(entry))
        {
            _addedDuringResync?.Add(entry);
            Signal();
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<QueueEntry>> TakeAsync(string adapterId, int max, TimeSpan wait)
    {
        var deadline = Now + (wait < _options.MaxLongPoll ? wait : _options.MaxLongPoll);
        while (true)
        {
            Seen(adapterId).Polling++;
            try
            {
                var taken = new List<QueueEntry>();
                while (taken.Count < max && _queue.TakeNext() is { } next)
                {
                    _taken[next.JobId] = Now;
                    taken.Add(next);
                }

                var remaining = deadline - Now;
                if (taken.Count > 0 || remaining <= TimeSpan.Zero)
                {
                    return taken;
                }

                await Task.WhenAny(_arrived.Task, Task.Delay(remaining, time));
            }
            finally
            {
                var seen = Seen(adapterId);
                seen.Polling--;
                seen.LastSeen = Now;
            }
        }
    }

    public Task<WaitInfo> ExplainAsync(long jobId)
    {
        if (_queue.Position(jobId) is not { } position)
        {
            return Task.FromResult(_taken.ContainsKey(jobId)
                ? new WaitInfo(WaitReason.Dispatched, 0, "Handed to a site; waiting for it to start.")
                : new WaitInfo(WaitReason.None, 0, "Not waiting in the queue."));
        }

        var online = Online();
        var ahead = position == 0 ? "next in line" : $"{position} job(s) ahead";
        var info = online.Count == 0
            ? new WaitInfo(WaitReason.NoAdapterOnline, position, $"No {Platform} site is online; {ahead}.")
            : online.All(a => a.Busy >= a.Capacity)
                ? new WaitInfo(WaitReason.CapacityFull, position, $"All {online.Count} {Platform} site(s) are busy; {ahead}.")
                : new WaitInfo(WaitReason.Queued, position, $"Queued: {ahead}.");
        return Task.FromResult(info);
    }

    public Task ReportAdapterAsync(string adapterId, int capacity, int busy)
    {
        var seen = Seen(adapterId);
        seen.Capacity = capacity;
        seen.Busy = busy;
        seen.LastSeen = Now;
        return Task.CompletedTask;
    }

    public Task<int> CountOnlineAdaptersAsync() => Task.FromResult(Online().Count);

    public Task PingAsync() => Task.CompletedTask;

    private List<AdapterSeen> Online() => [.. _adapters.Values.Where(a => a.Polling > 0 || Now - a.LastSeen <= _options.AdapterOnlineWindow)];

    private async Task ResyncAsync()
    {
        if (_resyncing)
        {
            return;
        }

        _resyncing = true;
        _addedDuringResync = [];
        try
        {
            var stored = await store.QueuedAsync(Platform);
            var cutoff = Now - _options.TakenTimeout;
            foreach (var (jobId, at) in _taken.Where(t => t.Value < cutoff).ToList())
            {
                _taken.Remove(jobId);
            }

            // Rebuild: exactly the unleased queued jobs of the table, plus what arrived meanwhile.
            var keep = stored.Concat(_addedDuringResync).Where(e => !_taken.ContainsKey(e.JobId)).ToList();
            foreach (var entry in _queue.Snapshot())
            {
                _queue.Remove(entry.JobId);
            }

            foreach (var entry in keep)
            {
                _queue.Add(entry);
            }

            if (_queue.Count > 0)
            {
                Signal();
            }
        }
        finally
        {
            _addedDuringResync = null;
            _resyncing = false;
        }
    }

    private AdapterSeen Seen(string adapterId)
    {
        if (!_adapters.TryGetValue(adapterId, out var seen))
        {
            seen = new AdapterSeen { LastSeen = Now };
            _adapters[adapterId] = seen;
        }

        return seen;
    }

    private void Signal()
    {
        var arrived = _arrived;
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    private sealed class AdapterSeen
    {
        public int Capacity { get; set; } = 1;

        public int Busy { get; set; }

        public int Polling { get; set; }

        public DateTimeOffset LastSeen { get; set; }
    }
}
