using Nmpi.GrainInterfaces.Quotas;
using Nmpi.GrainInterfaces.Statistics;
using Nmpi.Grains.Quotas;
using Npgsql;

namespace Nmpi.Grains.Statistics;

/// <summary>
/// The statistics queries. Completed jobs are found through the partial index on <c>completed_at</c> and charges through
/// the ledger's <c>charged_at</c> index (<c>deploy/sql/0060_statistics.sql</c>); queues through the partial indexes of
/// waiting and leased jobs. Every answer groups by platform; nothing names a collab or a user.
/// </summary>
public sealed class StatisticsQueries(NpgsqlDataSource db)
{
    private const int ActiveDays = 90;

    /// <summary>
    /// Finished and error jobs submitted in the span, per platform and period of their UTC completion date (as the EBRAINS job
    /// queue selects and bins them); the last period includes its end day.
    /// </summary>
    /// <remarks>A job submitted in the span completes after its start, so the completion index bounds the scan.</remarks>
    public Task<IReadOnlyList<PlatformPeriodValue>> JobCountsAsync(PeriodGrid grid) => PerPeriodAsync(
        """
        SELECT platform, LEAST(((completed_at AT TIME ZONE 'UTC')::date - $1::date) / $2, $3 - 1), count(*)::numeric
          FROM nmpi_jobs
         WHERE completed_at >= $4 AND completed_at < $5 AND submitted_at >= $4 AND status IN ('finished', 'error')
         GROUP BY 1, 2
        """, grid, includeEndDay: true);

    /// <summary>Charges per platform and period of their UTC date.</summary>
    public Task<IReadOnlyList<PlatformPeriodValue>> UsageAsync(PeriodGrid grid) => PerPeriodAsync(
        """
        SELECT platform, LEAST(((charged_at AT TIME ZONE 'UTC')::date - $1::date) / $2, $3 - 1), sum(amount)
          FROM nmpi_quota_ledger
         WHERE charged_at >= $4 AND charged_at < $5
         GROUP BY 1, 2
        """, grid, includeEndDay: false);

    /// <summary>Distinct users per platform with a job that ended in the 90 days up to the end of each period.</summary>
    public async Task<IReadOnlyList<PlatformPeriodValue>> ActiveUsersAsync(PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var ends = Enumerable.Range(1, grid.Periods).Select(grid.StartOf).ToArray();

        // One scan of the whole span down to distinct (platform, user, day), then the windows over that small set:
        // scanning each period's 90 days on its own reads the same rows up to 13 times.
        await using var command = db.CreateCommand(
            """
            WITH days AS (
                SELECT DISTINCT platform, user_id, (completed_at AT TIME ZONE 'UTC')::date AS day
                  FROM nmpi_jobs
                 WHERE completed_at >= $2 AND completed_at < $3)
            SELECT platform, period, count(*)::numeric
              FROM (SELECT DISTINCT d.platform, (p.i - 1)::int AS period, d.user_id
                      FROM unnest($1::date[]) WITH ORDINALITY AS p(period_end, i)
                      JOIN days d ON d.day >= p.period_end - $4 AND d.day < p.period_end) active
             GROUP BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ends });
        command.Parameters.Add(new NpgsqlParameter { Value = Utc(ends[0].AddDays(-ActiveDays)) });
        command.Parameters.Add(new NpgsqlParameter { Value = Utc(ends[^1]) });
        command.Parameters.Add(new NpgsqlParameter { Value = ActiveDays });
        return await ReadValuesAsync(command);
    }

    /// <summary>Waiting and running jobs per platform.</summary>
    public async Task<IReadOnlyList<PlatformQueue>> QueuesAsync()
    {
        // Two statements so each matches one partial index (nmpi_jobs_queued, nmpi_jobs_adapter) exactly.
        await using var command = db.CreateCommand(
            """
            SELECT platform, 0::bigint, count(*) FROM nmpi_jobs WHERE status IN ('submitted', 'validated') GROUP BY platform
            UNION ALL
            SELECT platform, count(*) FILTER (WHERE status IN ('running', 'cancelling')), 0::bigint
              FROM nmpi_jobs WHERE status IN ('validated', 'running', 'cancelling') GROUP BY platform
            """);
        var totals = new Dictionary<string, (long Running, long Submitted)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var now = totals.GetValueOrDefault(reader.GetString(0));
            totals[reader.GetString(0)] = (now.Running + reader.GetInt64(1), now.Submitted + reader.GetInt64(2));
        }

        return [.. totals.Select(t => new PlatformQueue(t.Key, t.Value.Running, t.Value.Submitted))];
    }

    /// <summary>The longest submission-to-completion time in seconds of finished and error jobs, per (status, platform).</summary>
    public async Task<IReadOnlyList<(string Status, string Platform, double Longest)>> LongestAsync()
    {
        await using var command = db.CreateCommand(
            """
            SELECT status, platform, max(extract(epoch FROM completed_at - submitted_at))::float8
              FROM nmpi_jobs
             WHERE completed_at IS NOT NULL AND status IN ('finished', 'error') AND completed_at >= submitted_at
             GROUP BY 1, 2
            """);
        var found = new List<(string, string, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }

        return found;
    }

    /// <summary>
    /// Bucket counts (1-based, as width_bucket numbers them) of durations in seconds, or their log10, from 0 to each
    /// group's top; a value equal to the top falls in the last bucket, values outside are left out.
    /// </summary>
    public async Task<IReadOnlyList<(string Status, string Platform, int Bucket, long Count)>> BucketsAsync(
        IReadOnlyList<(string Status, string Platform, double Top)> groups, int buckets, bool log)
    {
        ArgumentNullException.ThrowIfNull(groups);
        await using var command = db.CreateCommand(
            """
            SELECT j.status, j.platform, LEAST(width_bucket(x.v, 0, g.top, $4), $4), count(*)
              FROM unnest($1::text[], $2::text[], $3::float8[]) AS g(status, platform, top)
              JOIN nmpi_jobs j ON j.status = g.status AND j.platform = g.platform
               AND j.completed_at IS NOT NULL AND j.status IN ('finished', 'error') AND j.completed_at >= j.submitted_at
             CROSS JOIN LATERAL (SELECT extract(epoch FROM j.completed_at - j.submitted_at)::float8 AS s) d
             CROSS JOIN LATERAL (SELECT CASE WHEN $5 THEN CASE WHEN d.s > 0 THEN log(d.s) END ELSE d.s END AS v) x
             WHERE x.v >= 0 AND x.v <= g.top
             GROUP BY 1, 2, 3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Platform).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Top).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets });
        command.Parameters.Add(new NpgsqlParameter { Value = log });
        var found = new List<(string, string, int, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return found;
    }

    /// <summary>
    /// Users per UTC day of their first job on any of <paramref name="platforms"/> (every platform when empty), in day order.
    /// Every job counts, whatever its status: a user is a platform user from their first submission on.
    /// </summary>
    public async Task<IReadOnlyList<DayCount>> FirstJobDaysAsync(IReadOnlyList<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        await using var command = db.CreateCommand(
            """
            SELECT (first_at AT TIME ZONE 'UTC')::date, count(*)
              FROM (SELECT min(submitted_at) AS first_at
                      FROM nmpi_jobs
                     WHERE cardinality($1::text[]) = 0 OR platform = ANY($1)
                     GROUP BY user_id) firsts
             GROUP BY 1
             ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = platforms.ToArray() });
        return await ReadDaysAsync(command);
    }

    /// <summary>Resource requests now in <paramref name="status"/> per UTC day of their submission (of their creation if never submitted), in day order.</summary>
    public async Task<IReadOnlyList<DayCount>> RequestDaysAsync(ResourceRequestStatus status)
    {
        await using var command = db.CreateCommand(
            """
            SELECT (coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::date, count(*)
              FROM nmpi_resource_requests
             WHERE status = $1
             GROUP BY 1
             ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ResourceRequestRules.Name(status) });
        return await ReadDaysAsync(command);
    }

    private static async Task<IReadOnlyList<DayCount>> ReadDaysAsync(NpgsqlCommand command)
    {
        var found = new List<DayCount>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(new DayCount(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        }

        return found;
    }

    private async Task<IReadOnlyList<PlatformPeriodValue>> PerPeriodAsync(string sql, PeriodGrid grid, bool includeEndDay)
    {
        ArgumentNullException.ThrowIfNull(grid);
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = grid.Start });
        command.Parameters.Add(new NpgsqlParameter { Value = grid.IntervalDays });
        command.Parameters.Add(new NpgsqlParameter { Value = grid.Periods });
        command.Parameters.Add(new NpgsqlParameter { Value = Utc(grid.Start) });

        // Job counts: the last period includes its end day, as numpy's last histogram bin includes its right edge.
        command.Parameters.Add(new NpgsqlParameter { Value = Utc(includeEndDay ? grid.End.AddDays(1) : grid.End) });
        return await ReadValuesAsync(command);
    }

    private static async Task<IReadOnlyList<PlatformPeriodValue>> ReadValuesAsync(NpgsqlCommand command)
    {
        var found = new List<PlatformPeriodValue>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(new PlatformPeriodValue(reader.GetString(0), reader.GetInt32(1), reader.GetDecimal(2)));
        }

        return found;
    }

    private static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
