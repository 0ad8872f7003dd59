using Nmpi.GrainInterfaces.Quotas;
using Nmpi.Grains.Storage;
using Npgsql;

namespace Nmpi.Grains.Quotas;

/// <summary>
/// The quota rows, reservations and the charge ledger. Every change is one atomic statement (or one
/// group-committed transaction), so concurrent gateways and silos can neither overspend nor charge twice.
/// </summary>
public sealed class QuotaStore(NpgsqlDataSource db, GroupCommitter writer, TimeProvider time)
{
    private const string QuotaColumns = "collab, platform, limit_amount, used, reserved, expires_at, source, granted_by, updated_at";

    // Another statement in the submit's transaction, after the row lock: its snapshot sees every committed
    // reservation of this quota, so a retried submit never reserves twice.
    private const string ReserveSql =
        """
        WITH quota AS (
            SELECT limit_amount, used, reserved, expires_at FROM nmpi_quotas WHERE collab = $1 AND platform = $2),
        seen AS (
            SELECT 1 FROM nmpi_quota_reservations WHERE user_id = $3 AND request_id = $4
            UNION ALL
            -- A job stored before quotas existed has no reservation; its retried submit still finds it.
            SELECT 1 FROM nmpi_jobs WHERE user_id = $3 AND request_id = $4),
        taken AS (
            UPDATE nmpi_quotas SET reserved = reserved + $5::numeric, updated_at = $6
             WHERE collab = $1 AND platform = $2 AND NOT EXISTS (SELECT 1 FROM seen)
               AND (expires_at IS NULL OR expires_at > $6)
               AND limit_amount - used - reserved > 0
               AND limit_amount - used - reserved >= $5::numeric
            RETURNING collab),
        held AS (
            INSERT INTO nmpi_quota_reservations (user_id, request_id, collab, platform, amount, created_at)
            SELECT $3, $4, $1, $2, $5::numeric, $6 FROM taken
            ON CONFLICT DO NOTHING
            RETURNING amount)
        SELECT EXISTS (SELECT 1 FROM seen), EXISTS (SELECT 1 FROM held), q.limit_amount IS NOT NULL,
               coalesce(q.limit_amount, 0), coalesce(q.used, 0), coalesce(q.reserved, 0), q.expires_at
          FROM (SELECT 1) one LEFT JOIN quota q ON true
        """;

    private const string ChargeSql =
        """
        WITH quota AS (
            SELECT limit_amount, used FROM nmpi_quotas WHERE collab = $2 AND platform = $3 FOR UPDATE),
        charged AS (
            INSERT INTO nmpi_quota_ledger (job_id, collab, platform, user_id, amount, overdraft, reported_units, charged_at)
            SELECT $1, $2, $3, $4, $6::numeric,
                   least($6::numeric, greatest(0, coalesce(q.used, 0) + $6::numeric - coalesce(q.limit_amount, 0))), $7, $8
              FROM (SELECT 1) one LEFT JOIN quota q ON true
            ON CONFLICT (job_id) DO NOTHING
            RETURNING job_id),
        released AS (
            UPDATE nmpi_quota_reservations SET closed_at = $8, job_id = $1
             WHERE user_id = $4 AND request_id = $5 AND closed_at IS NULL AND EXISTS (SELECT 1 FROM charged)
            RETURNING amount),
        booked AS (
            INSERT INTO nmpi_quotas AS q (collab, platform, limit_amount, used, reserved, source, granted_by, created_at, updated_at)
            SELECT $2, $3, 0, $6::numeric, 0, 'charge', 'cluster', $8, $8 FROM charged
            ON CONFLICT (collab, platform) DO UPDATE
               SET used = q.used + EXCLUDED.used,
                   reserved = greatest(0, q.reserved - coalesce((SELECT sum(amount) FROM released), 0)),
                   updated_at = EXCLUDED.updated_at
            RETURNING 1)
        SELECT count(*) FROM charged
        """;

    /// <summary>The statements that admit a job of this spec, for the job insert's transaction.</summary>
    public AdmissionWrite Admission(string collab, string platform, string userId, string requestId, decimal estimate, decimal testQuota)
    {
        var now = time.GetUtcNow();
        var statements = new List<StoreStatement>();
        if (testQuota > 0)
        {
            // A collab's first job on the platform brings a small quota with it; a later job finds the row.
            statements.Add(StoreStatement.Rows(
                """
                INSERT INTO nmpi_quotas (collab, platform, limit_amount, source, granted_by, created_at, updated_at)
                VALUES ($1, $2, $3::numeric, 'test', 'cluster', $4, $4)
                ON CONFLICT DO NOTHING
                RETURNING 1
                """,
                _ => true,
                collab, platform, testQuota, now));
        }

        // Lock the quota row first (a test quota inserted just now is not in the group commit's lock statement).
        statements.Add(StoreStatement.Rows(
            "SELECT 1 FROM nmpi_quotas WHERE collab = $1 AND platform = $2 FOR UPDATE", _ => true, collab, platform));
        var reserve = StoreStatement.Rows(ReserveSql, ReadReserve, collab, platform, userId, requestId, estimate, now);
        statements.Add(reserve);
        return new AdmissionWrite(statements, () =>
        {
            var outcome = reserve.Rows[0];
            if (outcome.Seen || outcome.Held)
            {
                return null;
            }

            var quota = outcome.Quota ?? new QuotaState(0, 0, 0, null);
            return new QuotaShortfall(
                collab, platform, outcome.Quota is not null, quota.Limit, quota.Used, quota.Reserved,
                QuotaRule.Remaining(quota, now), estimate, quota.ExpiresAt, QuotaRule.IsExpired(quota.ExpiresAt, now));
        });
    }

    /// <summary>Charges an ended job once and releases its reservation; false when it was charged before.</summary>
    public async Task<bool> ChargeAsync(QuotaCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var charging = StoreStatement.Rows(
            ChargeSql,
            row => row.GetInt64(0),
            charge.JobId, charge.Collab, charge.Platform, charge.UserId, charge.RequestId, charge.Amount, charge.ReportedUnits,
            time.GetUtcNow());
        await writer.WriteAsync(new StoreWrite(charging) { QuotaRows = [(charge.Collab, charge.Platform)] });
        return charging.Rows[0] == 1;
    }

    /// <summary>Ended jobs whose reservation is still open: charges lost between the job's last write and its charge.</summary>
    public async Task<IReadOnlyList<QuotaCharge>> UnchargedAsync(DateTimeOffset endedBefore, int max)
    {
        await using var command = db.CreateCommand(
            """
            SELECT j.id, j.user_id, j.request_id, j.collab, j.platform,
                   (j.doc -> 'resourceUsage' ->> 'value')::float8, j.doc -> 'resourceUsage' ->> 'units'
              FROM nmpi_quota_reservations r
              JOIN nmpi_jobs j ON j.user_id = r.user_id AND j.request_id = r.request_id
             WHERE r.closed_at IS NULL
               AND j.status IN ('finished', 'error', 'cancelled', 'removed')
               AND coalesce(j.completed_at, j.submitted_at) <= $1
             ORDER BY r.created_at
             LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = endedBefore });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var charges = new List<QuotaCharge>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            charges.Add(new QuotaCharge(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                QuotaRule.ChargeAmount(reader.IsDBNull(5) ? null : reader.GetDouble(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return charges;
    }

    /// <summary>Applies a grant from configuration: creates the quota, or updates one that configuration created.</summary>
    public async Task ApplyGrantAsync(QuotaGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await using var command = db.CreateCommand(
            """
            INSERT INTO nmpi_quotas AS q (collab, platform, limit_amount, expires_at, source, granted_by, created_at, updated_at)
            VALUES ($1, $2, $3::numeric, $4, 'config', 'configuration', $5, $5)
            ON CONFLICT (collab, platform) DO UPDATE
               SET limit_amount = EXCLUDED.limit_amount, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
             WHERE q.source = 'config'
               AND (q.limit_amount, q.expires_at) IS DISTINCT FROM (EXCLUDED.limit_amount, EXCLUDED.expires_at)
            """);
        Add(command, grant.Collab, grant.Platform, grant.Limit, grant.ExpiresAt, time.GetUtcNow());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Sets a limit and expiry directly (administrators); usage and reservations are kept.</summary>
    public async Task<CollabQuota> SetAsync(QuotaSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        await using var command = db.CreateCommand(
            $"""
            INSERT INTO nmpi_quotas AS q (collab, platform, limit_amount, expires_at, source, granted_by, created_at, updated_at)
            VALUES ($1, $2, $3::numeric, $4, 'admin', $5, $6, $6)
            ON CONFLICT (collab, platform) DO UPDATE
               SET limit_amount = EXCLUDED.limit_amount, expires_at = EXCLUDED.expires_at, source = 'admin',
                   granted_by = EXCLUDED.granted_by, updated_at = EXCLUDED.updated_at
            RETURNING {QuotaColumns}
            """);
        Add(command, setting.Collab, setting.Platform, setting.Limit, setting.ExpiresAt, setting.SetBy, time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ReadQuota(reader, time.GetUtcNow());
    }

    /// <summary>The quotas of the visible collabs (all when null), optionally of one collab or platform.</summary>
    public async Task<IReadOnlyList<CollabQuota>> ListAsync(QuotaQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = db.CreateCommand(
            $"""
            SELECT {QuotaColumns} FROM nmpi_quotas
             WHERE ($1::text[] IS NULL OR collab = ANY ($1::text[]))
               AND ($2::text IS NULL OR collab = $2::text)
               AND ($3::text IS NULL OR platform = $3::text)
             ORDER BY collab, platform
             LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.VisibleCollabs?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Collab ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Platform ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var now = time.GetUtcNow();
        var quotas = new List<CollabQuota>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            quotas.Add(ReadQuota(reader, now));
        }

        return quotas;
    }

    /// <summary>Reads a quota row written as <see cref="QuotaColumns"/>.</summary>
    public static CollabQuota ReadQuota(NpgsqlDataReader reader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var quota = new QuotaState(
            reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
        return new CollabQuota
        {
            Collab = reader.GetString(0),
            Platform = reader.GetString(1),
            Limit = quota.Limit,
            Used = quota.Used,
            Reserved = quota.Reserved,
            Remaining = QuotaRule.Remaining(quota, now),
            Overdraft = QuotaRule.Overdraft(quota),
            ExpiresAt = quota.ExpiresAt,
            Expired = QuotaRule.IsExpired(quota.ExpiresAt, now),
            Source = reader.GetString(6),
            GrantedBy = reader.GetString(7),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
        };
    }

    private static ReserveOutcome ReadReserve(NpgsqlDataReader row) => new(
        row.GetBoolean(0),
        row.GetBoolean(1),
        row.GetBoolean(2)
            ? new QuotaState(row.GetDecimal(3), row.GetDecimal(4), row.GetDecimal(5), row.IsDBNull(6) ? null : row.GetFieldValue<DateTimeOffset>(6))
            : null);

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
