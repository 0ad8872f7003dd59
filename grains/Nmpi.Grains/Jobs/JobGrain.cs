using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Adapters;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Quotas;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Notifications;
using Nmpi.Grains.Quotas;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Jobs;

/// <summary>
/// One job: loads its row before its first call (or takes it from the submit that just committed it), decides with
/// <see cref="JobLifecycle"/>, writes its row back.
/// </summary>
public sealed class JobGrain(JobStore store, JobMails mails, IOptions<JobOptions> options, TimeProvider time)
    : Grain, IJobGrain, IIncomingGrainCallFilter
{
    // A primed row is taken only this soon after its submit: the row cannot have moved on without this grain since.
    private static readonly TimeSpan PrimeWindow = TimeSpan.FromSeconds(5);

    private readonly JobOptions _options = options.Value;
    private JobSnapshot? _job;
    private bool _loaded;
    private Task? _loading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every call but a prime runs on the loaded row; interleaved calls share one load.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_loaded && context.InterfaceMethod?.Name != nameof(IJobGrain.PrimeAsync))
        {
            await (_loading ??= LoadAsync());
        }

        await context.Invoke();
    }

    public Task PrimeAsync(JobSnapshot committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (!_loaded && _loading is null && committed.Id == this.GetPrimaryKeyLong() && Now - committed.SubmittedAt <= PrimeWindow)
        {
            _job = committed;
            _loaded = true;
        }

        return Task.CompletedTask;
    }

    public Task<JobSnapshot?> GetAsync() => Task.FromResult(_job ?? Missing());

    public async Task<JobSnapshot?> WaitForChangeAsync(long knownVersion, long knownLogChunks, TimeSpan timeout)
    {
        if (_job is null || _job.Version > knownVersion || _job.LogChunks > knownLogChunks)
        {
            return _job;
        }

        await Task.WhenAny(_changed.Task, Task.Delay(timeout, time));
        return _job;
    }

    public async Task<JobSnapshot> CancelAsync(string by, string why)
    {
        var job = Require();
        if (JobLifecycle.Cancel(job, by, why, Now, _options) is { } cancelled)
        {
            await SaveAsync(cancelled);
        }

        return _job!;
    }

    public async Task<JobSnapshot> RemoveAsync(string by)
    {
        await SaveAsync(JobStateMachine.Move(Require(), JobStatus.Removed, Now, by, "removed by its owner"));
        return _job!;
    }

    public async Task<JobSnapshot> UpdateTagsAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var job = Require();
        var tags = job.Tags.Except(remove, StringComparer.Ordinal).Union(add, StringComparer.Ordinal).ToArray();
        if (tags.Length > 20)
        {
            throw new JobRejectedException(JobRejection.LimitExceeded, "A job has at most 20 tags.", "add");
        }

        if (!tags.SequenceEqual(job.Tags))
        {
            await SaveAsync(job with { Tags = tags });
        }

        return _job!;
    }

    public async Task<JobComment> AddCommentAsync(string userId, string text)
    {
        var job = Require();
        if (job.Comments.Count >= 1000)
        {
            throw new JobRejectedException(JobRejection.LimitExceeded, "A job has at most 1000 comments.", "text");
        }

        // After the highest id, not the count: a deleted comment's id is never taken by a later one while a higher one lives.
        var comment = new JobComment((job.Comments.Count == 0 ? 0 : job.Comments.Max(c => c.Id)) + 1, userId, text, Now);
        await SaveAsync(job with { Comments = [.. job.Comments, comment] });
        return comment;
    }

    public async Task<JobComment?> UpdateCommentAsync(long commentId, string text)
    {
        var job = Require();
        if (job.Comments.FirstOrDefault(c => c.Id == commentId) is not { } old)
        {
            return null;
        }

        var updated = old with { Text = text };
        if (updated != old)
        {
            await SaveAsync(job with { Comments = [.. job.Comments.Select(c => c.Id == commentId ? updated : c)] });
        }

        return updated;
    }

    public async Task<JobComment?> DeleteCommentAsync(long commentId)
    {
        var job = Require();
        if (job.Comments.FirstOrDefault(c => c.Id == commentId) is not { } old)
        {
            return null;
        }

        await SaveAsync(job with { Comments = [.. job.Comments.Where(c => c.Id != commentId)] });
        return old;
    }

    public async Task<LogPage> ReadLogAsync(long fromSeq, int max)
    {
        var job = Require();
        var chunks = fromSeq >= job.LogChunks
            ? []
            : await store.ReadLogAsync(job.Id, Math.Max(0, fromSeq), Math.Clamp(max, 1, 10_000));
        var next = chunks.Count > 0 ? chunks[^1].Seq + 1 : Math.Max(fromSeq, 0);
        return new LogPage(chunks, next, _job!.IsTerminal && next >= _job.LogChunks);
    }

    public async Task<LeaseGrant?> TryLeaseAsync(string adapterId)
    {
        if ((_job ?? Missing()) is not { } job || !JobLifecycle.IsLeasable(job))
        {
            return null;
        }

        var leased = JobLifecycle.Lease(job, adapterId, Now, _options);
        await SaveAsync(leased);
        return new LeaseGrant(new LeaseRef(leased.Id, leased.LeaseEpoch), _job!, leased.LeaseExpiresAt!.Value);
    }

    public async Task<bool> ReturnLeaseAsync(string adapterId, LeaseRef lease)
    {
        if (JobLifecycle.Return(Require(), adapterId, lease, Now) is not { } returned)
        {
            return false;
        }

        await SaveAsync(returned);
        return true;
    }

    public async Task<HeartbeatVerdict> RenewLeaseAsync(string adapterId, LeaseRef lease)
    {
        if (_job is null || JobLifecycle.Renew(_job, adapterId, lease, Now, _options) is not { } renewed)
        {
            return HeartbeatVerdict.Stop;
        }

        await SaveAsync(renewed, notify: false);
        return HeartbeatVerdict.Renewed;
    }

    public async Task<bool> MarkRunningAsync(string adapterId, LeaseRef lease)
    {
        if (JobLifecycle.MarkRunning(Require(), adapterId, lease, Now) is not { } running)
        {
            return false;
        }

        await SaveAsync(running);
        return true;
    }

    public async Task<bool> AppendLogAsync(string adapterId, LeaseRef lease, long seq, string text)
    {
        var job = Require();
        JobLifecycle.RequireLease(job, adapterId, lease);
        if (seq < job.LogChunks)
        {
            return false;
        }

        if (seq > job.LogChunks || JobStateMachine.IsTerminal(job.Status))
        {
            throw new JobRejectedException(
                JobStateMachine.IsTerminal(job.Status) ? JobRejection.InvalidTransition : JobRejection.InvalidArgument,
                JobStateMachine.IsTerminal(job.Status)
                    ? $"Job {job.Id} has ended; its log is closed."
                    : $"Log chunk {seq} of job {job.Id} skips ahead: the next expected chunk is {job.LogChunks}.",
                "seq");
        }

        var stored = await store.AppendLogAsync(job.Id, seq, text, Now);
        _job = _job! with { LogChunks = Math.Max(_job.LogChunks, seq + 1) };
        Notify();
        return stored;
    }

    public async Task<bool> AddOutputAsync(string adapterId, LeaseRef lease, OutputFile file)
    {
        var job = Require();
        JobLifecycle.RequireLease(job, adapterId, lease);
        if (JobStateMachine.IsTerminal(job.Status))
        {
            throw new JobRejectedException(JobRejection.InvalidTransition, $"Job {job.Id} has ended; it takes no more outputs.");
        }

        if (job.Outputs.Contains(file))
        {
            return false;
        }

        if (OutputLimits.Refusal(job.Outputs, file.Path, file.Size, _options.MaxOutputFiles, _options.MaxOutputBytes) is { } refusal)
        {
            throw new JobRejectedException(JobRejection.LimitExceeded, $"Job {job.Id}: {refusal}.", "header.path");
        }

        await SaveAsync(job with { Outputs = [.. job.Outputs.Where(o => o.Path != file.Path), file] });
        return true;
    }

    public Task<long> OutputBytesLeftAsync(string adapterId, LeaseRef lease, string path)
    {
        var job = Require();
        JobLifecycle.RequireLease(job, adapterId, lease);
        if (JobStateMachine.IsTerminal(job.Status))
        {
            throw new JobRejectedException(JobRejection.InvalidTransition, $"Job {job.Id} has ended; it takes no more outputs.");
        }

        // An empty file must still fit by count; bytes are checked against what is left.
        if (OutputLimits.Refusal(job.Outputs, path, 0, _options.MaxOutputFiles, _options.MaxOutputBytes) is { } refusal)
        {
            throw new JobRejectedException(JobRejection.LimitExceeded, $"Job {job.Id}: {refusal}.", "header.path");
        }

        return Task.FromResult(OutputLimits.BytesLeft(job.Outputs, path, _options.MaxOutputBytes));
    }

    public async Task<bool> CompleteAsync(string adapterId, LeaseRef lease, JobCompletion completion)
    {
        if (JobLifecycle.Complete(Require(), adapterId, lease, completion, Now) is not { } ended)
        {
            return false;
        }

        await SaveAsync(ended);
        return true;
    }

    public async Task EnforceDeadlinesAsync()
    {
        if (_job is not null && JobLifecycle.Enforce(_job, Now, _options) is { } moved)
        {
            await SaveAsync(moved);
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();

    private async Task LoadAsync()
    {
        try
        {
            _job = await store.LoadAsync(this.GetPrimaryKeyLong());
            _loaded = true;
        }
        catch
        {
            // The next call tries again.
            _loading = null;
            throw;
        }
    }

    private JobSnapshot Require() =>
        _job ?? Missing() ?? throw new JobRejectedException(JobRejection.NotFound, $"Job {this.GetPrimaryKeyLong()} does not exist.");

    private JobSnapshot? Missing()
    {
        // Keep nothing for an unknown id, and load again next time in case the job is created meanwhile.
        DeactivateOnIdle();
        return null;
    }

    private async Task SaveAsync(JobSnapshot next, bool notify = true)
    {
        var before = _job!;
        next = next with { Version = before.Version + 1 };
        if (!await store.SaveAsync(next, before.Version, JobLifecycle.DueAt(next)))
        {
            // Another activation wrote the row (a brief duplicate during a membership change): start over.
            DeactivateOnIdle();
            throw new InvalidOperationException($"Job {before.Id} was changed elsewhere; retry the call.");
        }

        _job = next;
        AfterMove(before, next);
        if (notify)
        {
            Notify();
        }

        if (JobStateMachine.IsTerminal(next.Status))
        {
            // An ended job rarely changes again, and the next look at it loads one row. Kept for the default
            // collection age, a thousand jobs a second would be near a million activations held in memory, each
            // survivor copied by the garbage collector until it reached the oldest generation.
            DeactivateOnIdle();
        }
    }

    private void AfterMove(JobSnapshot before, JobSnapshot after)
    {
        var leaseEnded = after.AdapterId is null || (JobStateMachine.IsTerminal(after.Status) && !JobStateMachine.IsTerminal(before.Status));
        if (before.AdapterId is { } adapter && leaseEnded)
        {
            GrainFactory.GetGrain<IHardwareAdapterGrain>(adapter).ReleaseAsync(after.Id).Ignore();
        }

        if (JobStateMachine.IsTerminal(after.Status) && !JobStateMachine.IsTerminal(before.Status))
        {
            // Charged once by job id; if this call is lost, the quota sweep charges from the jobs table.
            GrainFactory.GetGrain<IQuotaRegistryGrain>(0).ChargeAsync(QuotaCharges.For(after)).Ignore();
        }

        if (after.Status == JobStatus.Submitted && before.Status != JobStatus.Submitted)
        {
            GrainFactory.GetGrain<IPlatformSchedulerGrain>(after.Spec.Platform)
                .EnqueueAsync(new QueueEntry(after.Id, after.Spec.Collab)).Ignore();
        }

        if (after.Status != before.Status || !after.Tags.SequenceEqual(before.Tags))
        {
            // What a job list shows changed: one one-way notice to the collab's feed, after the write, never awaited.
            GrainFactory.GetGrain<ICollabJobFeedGrain>(after.Spec.Collab).JobChangedAsync().Ignore();
        }

        // The submitter's mail when the job starts or ends: handed over without waiting, queued in the outbox.
        mails.JobMoved(before, after);
    }

    private void Notify()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
