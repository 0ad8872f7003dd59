using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>Platform-wide aggregates over the jobs table and the charge ledger: per platform only, never per collab or user.</summary>
[Alias("nmpi.IStatisticsGrain")]
public interface IStatisticsGrain : IGrainWithIntegerKey
{
    /// <summary>Jobs submitted in the span that ended finished or in error, per platform and period (by UTC completion date).</summary>
    [Alias("JobCounts")]
    Task<IReadOnlyList<PlatformPeriodValue>> JobCountsAsync(PeriodGrid grid);

    /// <summary>Distinct users with a job that ended in the 90 days up to each period's end, per platform.</summary>
    [Alias("ActiveUsers")]
    Task<IReadOnlyList<PlatformPeriodValue>> ActiveUsersAsync(PeriodGrid grid);

    /// <summary>Resources charged per platform and period (by charge date), in the platform's units.</summary>
    [Alias("Usage")]
    Task<IReadOnlyList<PlatformPeriodValue>> UsageAsync(PeriodGrid grid);

    /// <summary>Jobs waiting and running per platform now.</summary>
    [Alias("Queues")]
    Task<IReadOnlyList<PlatformQueue>> QueuesAsync();

    /// <summary>Histograms of submission-to-completion durations per end status and platform.</summary>
    [Alias("Durations")]
    Task<IReadOnlyList<DurationHistogram>> DurationsAsync(DurationQuery query);

    /// <summary>
    /// Users per UTC day of their first job on any of <paramref name="platforms"/> (all platforms when empty), in day order.
    /// </summary>
    [Alias("FirstJobDays")]
    Task<IReadOnlyList<DayCount>> FirstJobDaysAsync(IReadOnlyList<string> platforms);

    /// <summary>Resource requests now in <paramref name="status"/> per UTC day of their submission (of their creation if never submitted), in day order.</summary>
    [Alias("RequestDays")]
    Task<IReadOnlyList<DayCount>> RequestDaysAsync(ResourceRequestStatus status);
}
