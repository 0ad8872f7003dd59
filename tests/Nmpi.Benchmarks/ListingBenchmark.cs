using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Npgsql;

namespace Nmpi.Benchmarks;

/// <summary>
/// How fast ListJobs answers, through the gateway, when the jobs table holds many jobs: the table is filled with
/// generated rows (copies of one real job's row, spread over collabs, users, platforms, statuses, tags and three
/// years), then every kind of listing the Job Manager and the CLI make is timed, the newest page and pages deep.
/// </summary>
public sealed class ListingBenchmark(BenchmarkOptions options, TextWriter output)
{
    private const int InsertBatch = 100_000;

    // Jobs of the newest few hundred ids are still queued or running, as on a live platform.
    private const int ActiveJobs = 300;

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine("Starting PostgreSQL and a silo with the gateway...");
        await using var platform = await BenchmarkPlatform.StartAsync(options, cancellationToken);
        using var channel = GrpcChannel.ForAddress(platform.GrpcUrl);
        var user = new Jobs.JobsClient(Bearer(channel, platform.Token));
        var admin = new Jobs.JobsClient(Bearer(channel, platform.AdminToken!));

        // One real job gives the row every generated job copies (its spec and state document).
        await user.SubmitJobAsync(new SubmitJobRequest
        {
            RequestId = "listing-template",
            Code = new JobCode { Inline = "import pyNN.nest as sim\nsim.setup()\nsim.run(100.0)\nsim.end()\n" },
            HardwarePlatform = "SpiNNaker",
            Collab = options.Collab,
        }, cancellationToken: cancellationToken);

        var filled = Stopwatch.StartNew();
        await FillAsync(platform.ConnectionString!, options.ListingJobs, cancellationToken);
        output.WriteLine($"Filled the jobs table with {options.ListingJobs:N0} jobs in {filled.Elapsed.TotalSeconds:0.#} s (VACUUM ANALYZE included); {await TableSizeAsync(platform.ConnectionString!)}.");

        var repeats = options.Smoke ? 3 : 20;
        var deepPages = options.Smoke ? 5 : 200;
        var cases = Cases(options.Collab, options.ListingJobs);
        output.WriteLine();
        output.WriteLine($"ListJobs through the gateway, page size 50, {repeats} calls each (p50 / p95 / max ms; matches = total_count):");
        var slowest = 0.0;
        foreach (var (name, asAdmin, request) in cases)
        {
            var client = asAdmin ? admin : user;
            var samples = new LatencySamples();
            long total = 0;
            for (var i = 0; i < repeats; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var page = await client.ListJobsAsync(request, cancellationToken: cancellationToken);
                samples.Add(started, Stopwatch.GetTimestamp());
                total = page.TotalCount;
            }

            slowest = Math.Max(slowest, samples.Percentile(50));
            output.WriteLine($"  {name,-46} {Ms(samples.Percentile(50))} / {Ms(samples.Percentile(95))} / {Ms(samples.Percentile(100))}   matches {total:N0}");
        }

        // Paging down by page token: every page costs the same, however deep.
        var deep = new LatencySamples();
        var walk = new ListJobsRequest { Collab = options.Collab, PageSize = 50 };
        var seen = 0;
        for (var pageNumber = 0; pageNumber < deepPages; pageNumber++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await user.ListJobsAsync(walk, cancellationToken: cancellationToken);
            deep.Add(started, Stopwatch.GetTimestamp());
            seen += page.Jobs.Count;
            if (page.NextPageToken.Length == 0)
            {
                break;
            }

            walk.PageToken = page.NextPageToken;
        }

        output.WriteLine($"  {$"collab, pages 1 to {deep.Count} by page token",-46} {Ms(deep.Percentile(50))} / {Ms(deep.Percentile(95))} / {Ms(deep.Percentile(100))}   {seen:N0} jobs walked");
        output.WriteLine();
        output.WriteLine($"listing_jobs={options.ListingJobs} slowest_p50_ms={slowest.ToString("0.#", CultureInfo.InvariantCulture)} deep_page_p50_ms={deep.Percentile(50).ToString("0.#", CultureInfo.InvariantCulture)}");
        return true;
    }

    /// <summary>The listings timed: what a collab's job list page, its filters and the CLI ask for.</summary>
    private static List<(string Name, bool Admin, ListJobsRequest Request)> Cases(string collab, int jobs)
    {
        // The seeded history starts three years back and ends now; a month two years ago lies in its middle.
        var now = DateTimeOffset.UtcNow;
        var monthStart = now.AddDays(-2 * 365);
        return
        [
            ("collab, newest page", false, new() { Collab = collab }),
            ("collab, status running (rare)", false, new() { Collab = collab, Status = { JobStatus.Running } }),
            ("collab, status submitted+running", false, new() { Collab = collab, Status = { JobStatus.Submitted, JobStatus.Running } }),
            ("collab, status error", false, new() { Collab = collab, Status = { JobStatus.Error } }),
            ("collab, status cancelled", false, new() { Collab = collab, Status = { JobStatus.Cancelled } }),
            ("collab, platform Spikey", false, new() { Collab = collab, HardwarePlatform = "Spikey" }),
            ("collab, tag (rare)", false, new() { Collab = collab, Tag = "tag-7" }),
            ("collab, user (rare)", false, new() { Collab = collab, UserId = "user-49" }),
            ("collab, user (frequent)", false, new() { Collab = collab, UserId = "user-0" }),
            ("collab, one month two years ago", false, new() { Collab = collab, SubmittedAfter = Timestamp.FromDateTimeOffset(monthStart), SubmittedBefore = Timestamp.FromDateTimeOffset(monthStart.AddDays(30)) }),
            ("collab, last 24 hours", false, new() { Collab = collab, SubmittedAfter = Timestamp.FromDateTimeOffset(now.AddDays(-1)) }),
            ("collab, error + Spikey + user", false, new() { Collab = collab, Status = { JobStatus.Error }, HardwarePlatform = "Spikey", UserId = "user-3" }),
            ("small collab, newest page", false, new() { Collab = BenchmarkPlatform.ViewedCollabs[0] }),
            ("all the user's collabs, newest page", false, new()),
            ("all the user's collabs, status error", false, new() { Status = { JobStatus.Error } }),
            ($"administrator, all {jobs:N0} jobs", true, new()),
            ("administrator, status running", true, new() { Status = { JobStatus.Running } }),
            ("administrator, user (rare)", true, new() { UserId = "user-49" }),
        ];
    }

    /// <summary>
    /// Inserts <paramref name="jobs"/> generated rows copied from the template job. The mix: 60 % in the benchmark's
    /// collab, the rest spread over 2,000 collabs (two of which the user views); 50 users with a skewed share (user-0
    /// most, user-49 about 0.7 %); platforms 40/30/20/10 %; statuses 90 % finished, 7 % error, 2 % cancelled, 1 %
    /// removed, the newest few hundred submitted or running; 5 % tagged with one of 20 tags; one job every 95 s.
    /// </summary>
    private async Task FillAsync(string connectionString, int jobs, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var spacing = Math.Max(1, 3 * 365 * 86_400 / jobs);
        for (var from = 1; from <= jobs; from += InsertBatch)
        {
            var to = Math.Min(jobs, from + InsertBatch - 1);
            await using var insert = new NpgsqlCommand(FillSql, connection) { CommandTimeout = 600 };
            insert.Parameters.AddWithValue("from", from);
            insert.Parameters.AddWithValue("to", to);
            insert.Parameters.AddWithValue("jobs", jobs);
            insert.Parameters.AddWithValue("active", ActiveJobs);
            insert.Parameters.AddWithValue("spacing", spacing);
            insert.Parameters.AddWithValue("collab", options.Collab);
            insert.Parameters.AddWithValue("viewed", BenchmarkPlatform.ViewedCollabs.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
            output.WriteLine($"  {to:N0} jobs inserted");
        }

        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE nmpi_jobs", connection) { CommandTimeout = 1200 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> TableSizeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand(
            "SELECT pg_size_pretty(pg_table_size('nmpi_jobs')) || ' of table, ' || pg_size_pretty(pg_indexes_size('nmpi_jobs')) || ' of indexes'", connection);
        return (string)(await size.ExecuteScalarAsync())!;
    }

    // g numbers the generated jobs; the multiplications by large primes scatter the choices without a random source,
    // so two runs fill the same table.
    private const string FillSql = """
        WITH template AS (SELECT spec, doc FROM nmpi_jobs WHERE request_id = 'listing-template'),
        generated AS (
            SELECT g,
                   CASE WHEN (g * 7919) % 100 < 60 THEN @collab
                        WHEN (g * 7919) % 100 < 61 THEN (@viewed::text[])[1 + g % 2]
                        ELSE 'other-' || (3 + (g * 104729) % 1997) END AS collab,
                   'user-' || floor(50 * power(((g * 40503) % 1000) / 1000.0, 3))::int AS user_id,
                   CASE (g * 15485863) % 10 WHEN 0 THEN 'Spikey' WHEN 1 THEN 'BrainScaleS-ESS' WHEN 2 THEN 'BrainScaleS-ESS'
                        WHEN 3 THEN 'BrainScaleS' WHEN 4 THEN 'BrainScaleS' WHEN 5 THEN 'BrainScaleS' ELSE 'SpiNNaker' END AS platform,
                   CASE WHEN g > @jobs - @active THEN (CASE WHEN g % 3 = 0 THEN 'running' ELSE 'submitted' END)
                        WHEN (g * 104723) % 100 < 90 THEN 'finished'
                        WHEN (g * 104723) % 100 < 97 THEN 'error'
                        WHEN (g * 104723) % 100 < 99 THEN 'cancelled'
                        ELSE 'removed' END AS status,
                   CASE WHEN (g * 31) % 100 < 5 THEN ARRAY['tag-' || (g / 7) % 20] ELSE '{}'::text[] END AS tags,
                   now() - make_interval(secs => (@jobs - g + 1)::double precision * @spacing) AS submitted_at
            FROM generate_series(@from::bigint, @to::bigint) AS g
        )
        INSERT INTO nmpi_jobs (request_id, request_hash, user_id, collab, platform, status, tags, submitted_at, completed_at, spec, doc)
        SELECT 'generated-' || j.g, 'generated', j.user_id, j.collab, j.platform, j.status, j.tags, j.submitted_at,
               CASE WHEN j.status IN ('submitted', 'running') THEN NULL ELSE j.submitted_at + interval '10 minutes' END,
               t.spec || jsonb_build_object('requestId', 'generated-' || j.g, 'collab', j.collab, 'userId', j.user_id,
                                            'platform', j.platform, 'tags', to_jsonb(j.tags)),
               t.doc || jsonb_build_object('status', initcap(j.status), 'tags', to_jsonb(j.tags), 'submittedAt', j.submitted_at)
        FROM generated j CROSS JOIN template t
        """;

    private static CallInvoker Bearer(GrpcChannel channel, string token) =>
        channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });

    private static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7);
}
