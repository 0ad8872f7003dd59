using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Jobs;

/// <summary>
/// One collab's job change feed: a version in memory, moved by the job grains' one-way notices after their writes and
/// long-polled by open job lists. Nothing is stored: a new activation starts a new epoch, so a waiter that saw the old
/// one looks at the jobs table again at once, and a notice lost with a silo costs a list at most its slow recheck.
/// </summary>
/// <remarks>Reentrant, so notices never queue behind waiters; every state change happens between awaits.</remarks>
[Reentrant]
public sealed class CollabJobFeedGrain(TimeProvider time) : Grain, ICollabJobFeedGrain
{
    // Well under the Orleans response timeout (30 s by default), so a quiet wait never fails as a timeout.
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

    private JobFeedVersion _version = new(Guid.NewGuid(), 0);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task JobChangedAsync()
    {
        _version = _version with { Count = _version.Count + 1 };
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task<JobFeedVersion> WaitForChangeAsync(JobFeedVersion seen, TimeSpan maxWait)
    {
        if (seen != _version || maxWait <= TimeSpan.Zero)
        {
            return _version;
        }

        try
        {
            // WaitAsync drops its timer as soon as the change comes, so a burst of changes leaves no timers behind.
            await _changed.Task.WaitAsync(maxWait < LongestWait ? maxWait : LongestWait, time);
        }
        catch (TimeoutException)
        {
            // Nothing changed: the waiter gets the same version back and asks again.
        }

        return _version;
    }
}
