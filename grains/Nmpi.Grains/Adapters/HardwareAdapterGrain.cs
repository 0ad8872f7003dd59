using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Adapters;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Scheduling;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Adapters;

/// <summary>
/// One site adapter: its registration is stored; its current leases are derived from the jobs table on
/// activation and kept up to date by lease grants and releases. Reentrant, so heartbeats and releases
/// never queue behind a long-poll; every state change happens between awaits.
/// </summary>
[Reentrant]
public sealed class HardwareAdapterGrain(
    [PersistentState("adapter", "nmpi")] IPersistentState<AdapterState> state,
    JobStore store,
    IOptions<JobOptions> jobOptions,
    IOptions<SchedulerOptions> schedulerOptions,
    TimeProvider time) : Grain, IHardwareAdapterGrain
{
    private readonly HashSet<long> _active = [];
    private int _reserved;
    private TaskCompletionSource _slotFreed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var lease in await store.LeasesOfAsync(Id))
        {
            _active.Add(lease.JobId);
        }
    }

    public async Task<AdapterTiming> RegisterAsync(AdapterRegistration registration)
    {
        state.State.Registration = registration;
        state.State.RegisteredAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await ReportAsync();
        var live = await store.LeasesOfAsync(Id);
        var options = jobOptions.Value;
        return new AdapterTiming(options.LeaseDuration, options.HeartbeatInterval, live);
    }

    public async Task<IReadOnlyList<LeaseGrant>> LeaseAsync(int max, TimeSpan wait)
    {
        var registration = state.State.Registration
            ?? throw new JobRejectedException(JobRejection.InvalidTransition, $"Adapter {Id} must register before leasing jobs.");
        var limit = schedulerOptions.Value.MaxLongPoll;
        var deadline = time.GetUtcNow() + (wait < limit ? wait : limit);
        var scheduler = GrainFactory.GetGrain<IPlatformSchedulerGrain>(registration.Platform);
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            var free = registration.Capacity - _active.Count - _reserved;
            if (free <= 0)
            {
                if (remaining <= TimeSpan.Zero)
                {
                    return [];
                }

                await ReportAsync();
                await Task.WhenAny(_slotFreed.Task, Task.Delay(remaining, time));
                continue;
            }

            var wanted = Math.Min(max, free);
            _reserved += wanted;
            List<LeaseGrant> granted;
            try
            {
                var entries = await scheduler.TakeAsync(Id, wanted, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                var grants = await Task.WhenAll(entries.Select(e => GrainFactory.GetGrain<IJobGrain>(e.JobId).TryLeaseAsync(Id)));
                granted = grants.OfType<LeaseGrant>().ToList();
                foreach (var grant in granted)
                {
                    _active.Add(grant.Lease.JobId);
                }
            }
            finally
            {
                _reserved -= wanted;
            }

            if (granted.Count > 0 || deadline <= time.GetUtcNow())
            {
                await ReportAsync();
                return granted;
            }
        }
    }

    public async Task<HeartbeatResult> HeartbeatAsync(IReadOnlyList<LeaseRef> leases)
    {
        // Each renewal runs after this moment, so every renewed lease lives at least this long.
        var expiresAt = time.GetUtcNow() + jobOptions.Value.LeaseDuration;
        var verdicts = await Task.WhenAll(leases.Select(async lease =>
            (lease, verdict: await GrainFactory.GetGrain<IJobGrain>(lease.JobId).RenewLeaseAsync(Id, lease))));
        await ReportAsync();
        return new HeartbeatResult(
            verdicts.Where(v => v.verdict == HeartbeatVerdict.Renewed).Select(v => v.lease).ToList(),
            verdicts.Where(v => v.verdict == HeartbeatVerdict.Stop).Select(v => v.lease).ToList(),
            expiresAt);
    }

    public Task ReleaseAsync(long jobId)
    {
        if (_active.Remove(jobId))
        {
            var freed = _slotFreed;
            _slotFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            freed.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task<AdapterRegistration?> GetRegistrationAsync() => Task.FromResult(state.State.Registration);

    private Task ReportAsync() => state.State.Registration is { } registration
        ? GrainFactory.GetGrain<IPlatformSchedulerGrain>(registration.Platform).ReportAdapterAsync(Id, registration.Capacity, _active.Count)
        : Task.CompletedTask;
}
