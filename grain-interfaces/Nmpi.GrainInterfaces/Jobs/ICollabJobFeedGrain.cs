namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>
/// The change feed of one collab's jobs (key: collab name): told of every committed create, state move, tag change and
/// removal, so open job lists wait for a change instead of polling the jobs table. Holds no job data, only a version.
/// </summary>
[Alias("nmpi.ICollabJobFeedGrain")]
public interface ICollabJobFeedGrain : IGrainWithStringKey
{
    /// <summary>Counts one committed change of a job of the collab and wakes every waiter.</summary>
    [Alias("JobChanged"), OneWay]
    Task JobChangedAsync();

    /// <summary>
    /// Returns the current version at once when it differs from <paramref name="seen"/>, otherwise when the next change
    /// arrives or <paramref name="maxWait"/> (capped under the response timeout) passes, whichever comes first.
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<JobFeedVersion> WaitForChangeAsync(JobFeedVersion seen, TimeSpan maxWait);
}
