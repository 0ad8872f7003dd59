using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Benchmarks;

/// <summary>
/// The reference figure: N connections each inserting single rows in autocommit (one commit per row) into a
/// scratch table shaped like nmpi_jobs (same columns, unique constraint and indexes, a jsonb doc of a job's size).
/// </summary>
public sealed class PostgresReference(string connectionString, int connections, TimeSpan duration)
{
    private const string Table = "nmpi_bench_insert_reference";

    /// <summary>Runs the inserts and returns rows per second; the scratch table is dropped afterwards.</summary>
    public async Task<PostgresReferenceResult> RunAsync(string doc, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = connections + 2, ApplicationName = "nmpi-bench" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await ExecuteAsync(dataSource, $"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (
                id bigserial PRIMARY KEY, request_id text NOT NULL, request_hash text NOT NULL, user_id text NOT NULL,
                collab text NOT NULL, platform text NOT NULL, status text NOT NULL, tags text[] NOT NULL DEFAULT ARRAY[]::text[],
                submitted_at timestamptz NOT NULL, completed_at timestamptz, due_at timestamptz, adapter_id text,
                lease_epoch bigint NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 1, doc jsonb NOT NULL,
                CONSTRAINT {Table}_request_unique UNIQUE (user_id, request_id));
            CREATE INDEX ON {Table} (collab, id DESC);
            CREATE INDEX ON {Table} (user_id, id DESC);
            CREATE INDEX ON {Table} (status, id DESC);
            CREATE INDEX ON {Table} (platform, id) WHERE status IN ('submitted', 'validated');
            CREATE INDEX ON {Table} (due_at) WHERE due_at IS NOT NULL;
            CREATE INDEX ON {Table} (adapter_id) WHERE adapter_id IS NOT NULL;
            CREATE INDEX ON {Table} USING gin (tags);
            """, cancellationToken);
        try
        {
            var latency = new LatencySamples();
            var end = Stopwatch.GetTimestamp() + MeasurementWindow.ToTicks(duration);
            var started = Stopwatch.GetTimestamp();
            var counts = await Task.WhenAll(Enumerable.Range(0, connections)
                .Select(i => Task.Run(() => WorkerAsync(dataSource, i, doc, end, latency, cancellationToken), cancellationToken)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var rows = counts.Sum();
            return new PostgresReferenceResult(rows, rows / elapsed.TotalSeconds, latency.Percentile(50), latency.Percentile(99), connections, elapsed);
        }
        finally
        {
            await ExecuteAsync(dataSource, $"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }

    private static async Task<long> WorkerAsync(NpgsqlDataSource dataSource, int worker, string doc, long end, LatencySamples latency, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {Table} (request_id, request_hash, user_id, collab, platform, status, tags, submitted_at, version, doc)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
            ON CONFLICT ON CONSTRAINT {Table}_request_unique DO NOTHING
            RETURNING id
            """,
            connection);
        var requestId = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text };
        insert.Parameters.Add(requestId);
        insert.Parameters.Add(new NpgsqlParameter { Value = new string('0', 64) });
        insert.Parameters.Add(new NpgsqlParameter { Value = "bench-user" });
        insert.Parameters.Add(new NpgsqlParameter { Value = "bench" });
        insert.Parameters.Add(new NpgsqlParameter { Value = "SpiNNaker" });
        insert.Parameters.Add(new NpgsqlParameter { Value = "submitted" });
        insert.Parameters.Add(new NpgsqlParameter { Value = new[] { "bench" } });
        var submittedAt = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz };
        insert.Parameters.Add(submittedAt);
        insert.Parameters.Add(new NpgsqlParameter { Value = 1L });
        insert.Parameters.Add(new NpgsqlParameter { Value = doc });
        await insert.PrepareAsync(cancellationToken);

        long rows = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            requestId.Value = $"ref-{worker}-{rows}";
            submittedAt.Value = DateTimeOffset.UtcNow;
            var sent = Stopwatch.GetTimestamp();
            await insert.ExecuteScalarAsync(cancellationToken);
            latency.Add(sent, Stopwatch.GetTimestamp());
            rows++;
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
