namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Reads listings from the jobs table.</summary>
[Alias("nmpi.IJobQueryGrain")]
public interface IJobQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Lists jobs matching the query, newest first, with the total count.</summary>
    [Alias("List")]
    Task<JobPage> ListAsync(JobQuery query);
}
