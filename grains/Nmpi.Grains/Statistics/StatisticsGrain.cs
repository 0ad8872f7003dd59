using Nmpi.GrainInterfaces.Quotas;
using Nmpi.GrainInterfaces.Statistics;

namespace Nmpi.Grains.Statistics;

/// <summary>
/// Answers statistics from <see cref="StatisticsQueries"/> through the silo's <see cref="StatisticsScans"/>: the endpoints are
/// public, so repeated or varied calls must not each scan the tables, and scans are capped per silo.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class StatisticsGrain(StatisticsQueries queries, StatisticsScans scans) : Grain, IStatisticsGrain
{
    public Task<IReadOnlyList<PlatformPeriodValue>> JobCountsAsync(PeriodGrid grid) =>
        CachedAsync($"jobs:{grid}", () => queries.JobCountsAsync(grid));

    public Task<IReadOnlyList<PlatformPeriodValue>> ActiveUsersAsync(PeriodGrid grid) =>
        CachedAsync($"users:{grid}", () => queries.ActiveUsersAsync(grid));

    public Task<IReadOnlyList<PlatformPeriodValue>> UsageAsync(PeriodGrid grid) =>
        CachedAsync($"usage:{grid}", () => queries.UsageAsync(grid));

    public Task<IReadOnlyList<PlatformQueue>> QueuesAsync() => CachedAsync("queues", queries.QueuesAsync);

    public Task<IReadOnlyList<DurationHistogram>> DurationsAsync(DurationQuery query) =>
        CachedAsync($"durations:{query}", () => ComputeDurationsAsync(query));

    public Task<IReadOnlyList<DayCount>> FirstJobDaysAsync(IReadOnlyList<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        IReadOnlyList<string> key = [.. platforms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return CachedAsync($"first-jobs:{string.Join('|', key)}", () => queries.FirstJobDaysAsync(key));
    }

    public Task<IReadOnlyList<DayCount>> RequestDaysAsync(ResourceRequestStatus status) =>
        CachedAsync($"requests:{status}", () => queries.RequestDaysAsync(status));

    private async Task<IReadOnlyList<DurationHistogram>> ComputeDurationsAsync(DurationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var groups = (await queries.LongestAsync())
            .Select(g => (g.Status, g.Platform, Max: DurationBins.Max(g.Longest, query.RequestedMax, query.Bins)))
            .ToList();
        if (groups.Count == 0)
        {
            return [];
        }

        var count = DurationBins.ValueCount(query.Bins, query.Log);
        var buckets = await queries.BucketsAsync([.. groups.Select(g => (g.Status, g.Platform, DurationBins.Top(g.Max, query.Log)))], count, query.Log);
        return
        [
            .. groups.Select(g =>
            {
                var values = new long[count];
                foreach (var bucket in buckets.Where(b => b.Status == g.Status && b.Platform == g.Platform && b.Bucket >= 1))
                {
                    values[bucket.Bucket - 1] += bucket.Count;
                }

                return new DurationHistogram { Platform = g.Platform, Status = g.Status, Values = values, Bins = DurationBins.Edges(g.Max, query.Bins, query.Log), Max = g.Max };
            }),
        ];
    }

    private Task<T> CachedAsync<T>(string key, Func<Task<T>> compute)
        where T : class => scans.AnswerAsync(key, compute);
}
