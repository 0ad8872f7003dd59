using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Quotas;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Jobs;

/// <summary>Commits submits (many at once share a transaction) and tells the platform's scheduler.</summary>
[StatelessWorker, Reentrant]
public sealed partial class JobSubmissionGrain(
    JobStore store, QuotaAdmission quotas, IOptions<JobOptions> options, TimeProvider time, ILogger<JobSubmissionGrain> log) : Grain, IJobSubmissionGrain
{
    public async Task<SubmitResult> SubmitAsync(JobSpec spec)
    {
        // The job is stored only with its quota reservation, in one transaction (QuotaRejectedException otherwise).
        var result = await store.InsertAsync(JobLifecycle.Submit(spec, time.GetUtcNow(), options.Value), quotas.For(spec));
        var job = result.Job;
        if (result.Created)
        {
            // Its first lease then needs no read of the row just written.
            GrainFactory.GetGrain<IJobGrain>(job.Id).PrimeAsync(job).Ignore();

            // Open job lists of the collab learn of the new job: a one-way notice after the commit, never awaited.
            GrainFactory.GetGrain<ICollabJobFeedGrain>(job.Spec.Collab).JobChangedAsync().Ignore();
        }

        if (JobLifecycle.IsLeasable(job))
        {
            try
            {
                await GrainFactory.GetGrain<IPlatformSchedulerGrain>(job.Spec.Platform)
                    .EnqueueAsync(new QueueEntry(job.Id, job.Spec.Collab));
            }
            catch (Exception error)
            {
                // The job is committed; the scheduler finds it on its next pass over the jobs table.
                LogEnqueueFailed(job.Id, error);
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is stored but its scheduler was not told; the next resync picks it up")]
    private partial void LogEnqueueFailed(long jobId, Exception error);
}
