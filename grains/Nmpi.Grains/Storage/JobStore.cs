using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Quotas;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.Storage;

/// <summary>
/// The jobs and job-log tables: inserts and updates go through group commit, activation loads through a
/// batched loader, listings go direct.
/// </summary>
public sealed class JobStore(NpgsqlDataSource db, GroupCommitter writer) : IAsyncDisposable
{
    private const string Columns = "id, spec::text, doc::text, (SELECT coalesce(max(seq) + 1, 0) FROM nmpi_job_logs l WHERE l.job_id = j.id)";

    // Listings read an inline script's start only (JobPage.InlineCodePreviewLength), so a page never carries whole scripts.
    private static readonly string ListColumns =
        "id, (CASE WHEN lower(spec->>'codeSource') = 'inline' " +
        $"THEN jsonb_set(spec, '{{code}}', to_jsonb(left(spec->>'code', {JobPage.InlineCodePreviewLength}))) ELSE spec END)::text, " +
        "doc::text, (SELECT coalesce(max(seq) + 1, 0) FROM nmpi_job_logs l WHERE l.job_id = j.id)";

    /// <summary>Listings count the jobs that match up to this many; past it they say "at least this many".</summary>
    public const int CountLimit = 10_000;

    private readonly BatchedJobLoader _loader = new(db, Columns, ReadJob);

    /// <summary>
    /// Inserts a new job unless the user already submitted this request id; returns the stored job. With an
    /// admission, its reservation commits in the same transaction and the job is stored only if it holds.
    /// </summary>
    public async Task<SubmitResult> InsertAsync(JobSnapshot job, AdmissionWrite? admission = null)
    {
        var spec = job.Spec;
        var specJson = JobDocument.WriteSpec(spec);
        var hash = JobDocument.RequestHash(specJson);
        // Admitted: the job is stored only beside its reservation, which the admission's statements wrote before it.
        var insert = StoreStatement.Rows(
            """
            INSERT INTO nmpi_jobs (request_id, request_hash, user_id, collab, platform, status, tags, submitted_at, version, spec, doc)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb
             WHERE NOT $12::boolean
                OR EXISTS (SELECT 1 FROM nmpi_quota_reservations r WHERE r.user_id = $3 AND r.request_id = $1)
            ON CONFLICT ON CONSTRAINT nmpi_jobs_request_unique DO NOTHING
            RETURNING id
            """,
            row => row.GetInt64(0),
            spec.RequestId, hash, spec.UserId, spec.Collab, spec.Platform, JobStateMachine.Name(job.Status),
            job.Tags.ToArray(), job.SubmittedAt, job.Version, specJson, JobDocument.WriteState(job), admission is not null);
        await writer.WriteAsync(new StoreWrite([.. admission?.Statements ?? [], insert])
        {
            QuotaRows = admission is null ? [] : [(spec.Collab, spec.Platform)],
        });
        admission?.Check();
        if (insert.Rows is [var id])
        {
            return new SubmitResult(job with { Id = id }, Created: true);
        }

        await using var command = db.CreateCommand(
            $"SELECT {Columns}, request_hash FROM nmpi_jobs j WHERE user_id = $1 AND request_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = spec.UserId });
        command.Parameters.Add(new NpgsqlParameter { Value = spec.RequestId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"Request {spec.RequestId} conflicted but its job is gone.");
        }

        var existing = ReadJob(reader);
        if (reader.GetString(4) != hash)
        {
            throw new JobRejectedException(
                JobRejection.RequestIdReused,
                $"request_id '{spec.RequestId}' was already used for a different job ({existing.Id}).",
                "request_id");
        }

        return new SubmitResult(existing, Created: false);
    }

    /// <summary>Loads a job with its log length, or null.</summary>
    public Task<JobSnapshot?> LoadAsync(long id) => _loader.LoadAsync(id);

    public ValueTask DisposeAsync() => _loader.DisposeAsync();

    /// <summary>Writes the job's row if nobody else moved it since expectedVersion; false when someone did.</summary>
    public async Task<bool> SaveAsync(JobSnapshot job, long expectedVersion, DateTimeOffset? dueAt)
    {
        var rows = await writer.WriteAsync(StoreStatement.Rows(
            """
            UPDATE nmpi_jobs
               SET status = $2, tags = $3, completed_at = $4, due_at = $5, adapter_id = $6,
                   lease_epoch = $7, version = $8, doc = $9::jsonb
             WHERE id = $1 AND version = $10
            RETURNING id
            """,
            row => row.GetInt64(0),
            job.Id, JobStateMachine.Name(job.Status), job.Tags.ToArray(), job.CompletedAt, dueAt, job.AdapterId,
            job.LeaseEpoch, job.Version, JobDocument.WriteState(job), expectedVersion));
        return rows.Count == 1;
    }

    /// <summary>Appends a log chunk; false when a chunk with this sequence number is already stored.</summary>
    public async Task<bool> AppendLogAsync(long jobId, long seq, string text, DateTimeOffset at)
    {
        var rows = await writer.WriteAsync(StoreStatement.Rows(
            """
            INSERT INTO nmpi_job_logs (job_id, seq, written_at, text) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            RETURNING seq
            """,
            row => row.GetInt64(0),
            jobId, seq, at, text));
        return rows.Count == 1;
    }

    /// <summary>Reads log chunks from a sequence number on.</summary>
    public async Task<IReadOnlyList<LogChunk>> ReadLogAsync(long jobId, long fromSeq, int max)
    {
        await using var command = db.CreateCommand(
            "SELECT seq, text, written_at FROM nmpi_job_logs WHERE job_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = fromSeq });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var chunks = new List<LogChunk>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            chunks.Add(new LogChunk(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return chunks;
    }

    /// <summary>The platform's queued, unleased jobs in submission order: the scheduler's queue rebuilt.</summary>
    public async Task<IReadOnlyList<QueueEntry>> QueuedAsync(string platform)
    {
        await using var command = db.CreateCommand(
            """
            SELECT id, collab FROM nmpi_jobs
             WHERE platform = $1 AND status IN ('submitted', 'validated') AND adapter_id IS NULL
             ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = platform });
        var entries = new List<QueueEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new QueueEntry(reader.GetInt64(0), reader.GetString(1)));
        }

        return entries;
    }

    /// <summary>Jobs whose due time has passed (lapsed lease, wall-time limit, cancel deadline).</summary>
    public async Task<IReadOnlyList<long>> DueAsync(DateTimeOffset now, int max)
    {
        await using var command = db.CreateCommand(
            "SELECT id FROM nmpi_jobs WHERE due_at <= $1 ORDER BY due_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The leases an adapter holds according to the jobs table.</summary>
    public async Task<IReadOnlyList<LeaseRef>> LeasesOfAsync(string adapterId)
    {
        await using var command = db.CreateCommand(
            """
            SELECT id, lease_epoch FROM nmpi_jobs
             WHERE adapter_id = $1 AND status IN ('validated', 'running', 'cancelling')
             ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = adapterId });
        var leases = new List<LeaseRef>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            leases.Add(new LeaseRef(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return leases;
    }

    /// <summary>One page of a filtered listing, newest first, with the total count of matches.</summary>
    /// <summary>
    /// A page of jobs, newest first, with the number that match, counted up to <see cref="CountLimit"/> (an exact
    /// count of half a million rows takes a second; a page must not).
    /// </summary>
    /// <remarks>
    /// A listing scans, collab by collab, the range of the collab index (collab, id DESC), whose included columns
    /// hold every filter: the scan for the page's ids and the count read the index alone, and only the page's own
    /// rows are fetched. Several collabs are merged by taking each one's newest ids and keeping the newest of
    /// those, so a caller who sees many collabs never sorts all their jobs.
    /// </remarks>
    public async Task<JobPage> ListAsync(JobQuery query)
    {
        var filter = JobFilterSql.Build(query);
        var scope = JobFilterSql.Scope(query);
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var before = query.BeforeId is null ? "" : " AND id < @before";
        string ids, count;
        if (scope is null or [_])
        {
            var where = scope is null ? filter.Where : $"j.collab = @scope[1] AND {filter.Where}";
            ids = $"SELECT id FROM nmpi_jobs j WHERE {where}{before} ORDER BY id DESC LIMIT {pageSize + 1}";
            count = $"SELECT count(*) FROM (SELECT FROM nmpi_jobs j WHERE {where} LIMIT {CountLimit + 1}) matches";
        }
        else
        {
            ids = $"""
                SELECT newest.id FROM unnest(@scope) AS s(collab)
                CROSS JOIN LATERAL (SELECT id FROM nmpi_jobs j WHERE j.collab = s.collab AND {filter.Where}{before} ORDER BY id DESC LIMIT {pageSize + 1}) newest
                ORDER BY newest.id DESC LIMIT {pageSize + 1}
                """;
            count = $"""
                SELECT count(*) FROM (SELECT FROM unnest(@scope) AS s(collab)
                CROSS JOIN LATERAL (SELECT FROM nmpi_jobs j WHERE j.collab = s.collab AND {filter.Where} LIMIT {CountLimit + 1}) found
                LIMIT {CountLimit + 1}) matches
                """;
        }

        var jobs = new List<JobSnapshot>();
        await using (var page = Listing($"SELECT {ListColumns} FROM nmpi_jobs j WHERE j.id IN ({ids}) ORDER BY j.id DESC", filter, scope))
        {
            if (query.BeforeId is { } beforeId)
            {
                page.BatchCommands[^1].Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = beforeId });
            }

            await using var reader = await page.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                jobs.Add(ReadJob(reader));
            }
        }

        long? next = null;
        if (jobs.Count > pageSize)
        {
            jobs.RemoveAt(jobs.Count - 1);
            next = jobs[^1].Id;
        }
        else if (query.BeforeId is null)
        {
            // The first page holds every match: that is the count, and a filter that matches few jobs of a big
            // collab is not scanned for a second time.
            return new JobPage(jobs, jobs.Count, next);
        }

        await using var counting = Listing(count, filter, scope);
        var total = (long)(await counting.ExecuteScalarAsync())!;
        return total > CountLimit
            ? new JobPage(jobs, CountLimit, next) { TotalCountCapped = true }
            : new JobPage(jobs, total, next);
    }

    /// <summary>
    /// A listing statement, planned for its own values every time (statements are prepared automatically, and a
    /// generic plan cannot see that a date window or a status is narrow, so it would scan a whole collab), and by one
    /// process (parallel workers made a scan of a big collab three to five times slower on two cores).
    /// </summary>
    private NpgsqlBatch Listing(string sql, JobFilterSql filter, IReadOnlyList<string>? scope)
    {
        var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_custom_plan"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL max_parallel_workers_per_gather = 0"));
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command, filter, scope);
        batch.BatchCommands.Add(command);
        return batch;
    }

    private static void AddParameters(NpgsqlBatchCommand command, JobFilterSql filter, IReadOnlyList<string>? scope)
    {
        foreach (var (name, value, type) in filter.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        if (scope is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("scope", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.ToArray() });
        }
    }

    private static JobSnapshot ReadJob(NpgsqlDataReader reader) =>
        JobDocument.Read(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
}
