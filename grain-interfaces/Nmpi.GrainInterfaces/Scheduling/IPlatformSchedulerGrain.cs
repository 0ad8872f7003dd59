namespace Nmpi.GrainInterfaces.Scheduling;

/// <summary>The ready queue of one platform (key: platform name), fair across collabs.</summary>
[Alias("nmpi.IPlatformSchedulerGrain")]
public interface IPlatformSchedulerGrain : IGrainWithStringKey
{
    /// <summary>Adds a job to the queue; adding one already there changes nothing.</summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(QueueEntry entry);

    /// <summary>Takes up to max jobs for an adapter, waiting up to wait when the queue is empty.</summary>
    [Alias("Take")]
    Task<IReadOnlyList<QueueEntry>> TakeAsync(string adapterId, int max, TimeSpan wait);

    /// <summary>Says where a queued job stands and why it waits.</summary>
    [Alias("Explain")]
    Task<WaitInfo> ExplainAsync(long jobId);

    /// <summary>Records an adapter's capacity and free slots (from register, lease and heartbeat).</summary>
    [Alias("ReportAdapter")]
    Task ReportAdapterAsync(string adapterId, int capacity, int busy);

    /// <summary>How many sites of the platform polled or reported within the online window.</summary>
    [Alias("CountOnlineAdapters")]
    Task<int> CountOnlineAdaptersAsync();

    /// <summary>Makes sure the scheduler is active (its queue rebuilt from the jobs table).</summary>
    [Alias("Ping")]
    Task PingAsync();
}
