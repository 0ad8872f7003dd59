using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Jobs;

/// <summary>Answers listings straight from the jobs table.</summary>
[StatelessWorker, Reentrant]
public sealed class JobQueryGrain(JobStore store) : Grain, IJobQueryGrain
{
    public Task<JobPage> ListAsync(JobQuery query) => store.ListAsync(query);
}
