using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Quotas;
using Nmpi.GrainInterfaces.Statistics;

namespace Nmpi.Grains.Statistics;

/// <summary>
/// Answers statistics from <see cref="StatisticsQueries"/>, reusing an answer to the same question for
/// <see cref="StatisticsOptions.CacheFor"/>: the endpoints are public, so repeated calls must not each scan the tables.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class StatisticsGrain(StatisticsQueries queries, IOptions<StatisticsOptions> options, TimeProvider time) : Grain, IStatisticsGrain
{
    private readonly Dictionary<string, (DateTimeOffset Until, object Answer)> _answers = new(StringComparer.Ordinal);

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

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> compute)
        where T : class
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return (T)cached.Answer;
        }

        var answer = await compute();
        if (options.Value.CacheFor > TimeSpan.Zero)
        {
            // Expired answers are dropped on the next store, so the cache stays as small as the questions of the last period.
            foreach (var stale in _answers.Where(a => a.Value.Until <= now).Select(a => a.Key).ToList())
            {
                _answers.Remove(stale);
            }

            _answers[key] = (now + options.Value.CacheFor, answer);
        }

        return answer;
    }
}
