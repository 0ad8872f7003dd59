using Nmpi.GrainInterfaces.Code;
using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// The code files index and the bytes per owner area (0090_storage.sql). Each change is one statement or one short
/// transaction: a reservation is a conditional upsert, so concurrent uploads of one owner cannot pass the limit together.
/// </summary>
public sealed class CodeStorageStore(NpgsqlDataSource db)
{
    /// <summary>Adds the bytes to the owner's total unless the total would pass the limit; returns the total before, and whether it was added.</summary>
    public async Task<(bool Granted, long Used)> ReserveAsync(string owner, long bytes, long limit)
    {
        await using (var reserve = db.CreateCommand(
            """
            INSERT INTO nmpi_code_storage AS s (owner, bytes) VALUES ($1, $2)
            ON CONFLICT (owner) DO UPDATE SET bytes = s.bytes + EXCLUDED.bytes WHERE s.bytes + EXCLUDED.bytes <= $3
            RETURNING bytes
            """))
        {
            reserve.Parameters.Add(new NpgsqlParameter { Value = owner });
            reserve.Parameters.Add(new NpgsqlParameter { Value = bytes });
            reserve.Parameters.Add(new NpgsqlParameter { Value = limit });
            if (await reserve.ExecuteScalarAsync() is long total)
            {
                return (true, total - bytes);
            }
        }

        return (false, await UsedAsync(owner));
    }

    /// <summary>Takes bytes off the owner's total (never below zero).</summary>
    public async Task ReleaseAsync(string owner, long bytes)
    {
        await using var release = db.CreateCommand("UPDATE nmpi_code_storage SET bytes = GREATEST(0, bytes - $2) WHERE owner = $1");
        release.Parameters.Add(new NpgsqlParameter { Value = owner });
        release.Parameters.Add(new NpgsqlParameter { Value = bytes });
        await release.ExecuteNonQueryAsync();
    }

    /// <summary>Indexes a stored file (or refreshes its time when the area held it already, giving its reservation back).</summary>
    public async Task RecordAsync(string owner, string sha256, long bytes, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        bool inserted;
        await using (var record = new NpgsqlCommand(
            """
            INSERT INTO nmpi_code_blobs (owner, sha256, size, touched_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (owner, sha256) DO UPDATE SET touched_at = EXCLUDED.touched_at
            RETURNING xmax = 0
            """,
            connection,
            transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = owner });
            record.Parameters.Add(new NpgsqlParameter { Value = sha256 });
            record.Parameters.Add(new NpgsqlParameter { Value = bytes });
            record.Parameters.Add(new NpgsqlParameter { Value = now });
            inserted = await record.ExecuteScalarAsync() is true;
        }

        if (!inserted)
        {
            await using var release = new NpgsqlCommand("UPDATE nmpi_code_storage SET bytes = GREATEST(0, bytes - $2) WHERE owner = $1", connection, transaction);
            release.Parameters.Add(new NpgsqlParameter { Value = owner });
            release.Parameters.Add(new NpgsqlParameter { Value = bytes });
            await release.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Sets the time of the owner's indexed files among these digests to now.</summary>
    public async Task TouchAsync(string owner, IReadOnlyList<string> sha256, DateTimeOffset now)
    {
        await using var touch = db.CreateCommand("UPDATE nmpi_code_blobs SET touched_at = $3 WHERE owner = $1 AND sha256 = ANY($2) AND touched_at < $3");
        touch.Parameters.Add(new NpgsqlParameter { Value = owner });
        touch.Parameters.Add(new NpgsqlParameter { Value = sha256.ToArray() });
        touch.Parameters.Add(new NpgsqlParameter { Value = now });
        await touch.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes from the index up to max files untouched since the cutoff that no bundle of their owner names, frees their bytes, and returns them.</summary>
    public async Task<IReadOnlyList<CollectedBlob>> CollectAsync(DateTimeOffset untouchedSince, int max)
    {
        // Row locks re-check touched_at against a concurrent touch: a file touched meanwhile is skipped, not collected.
        await using var collect = db.CreateCommand(
            """
            WITH doomed AS (
                SELECT b.owner, b.sha256 FROM nmpi_code_blobs b
                WHERE b.touched_at < $1
                  AND NOT EXISTS (
                      SELECT 1 FROM nmpi_code_bundles k
                      WHERE k.files @> jsonb_build_array(jsonb_build_object('sha256', b.sha256))
                        AND CASE WHEN k.collab IS NULL THEN 'user:' || k.created_by ELSE 'collab:' || k.collab END = b.owner)
                ORDER BY b.touched_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            ), gone AS (
                DELETE FROM nmpi_code_blobs b USING doomed d
                WHERE b.owner = d.owner AND b.sha256 = d.sha256
                RETURNING b.owner, b.sha256, b.size
            ), freed AS (
                UPDATE nmpi_code_storage s SET bytes = GREATEST(0, s.bytes - f.total)
                FROM (SELECT owner, sum(size)::bigint AS total FROM gone GROUP BY owner) f
                WHERE s.owner = f.owner
            )
            SELECT owner, sha256, size FROM gone
            """);
        collect.Parameters.Add(new NpgsqlParameter { Value = untouchedSince });
        collect.Parameters.Add(new NpgsqlParameter { Value = max });
        await using var reader = await collect.ExecuteReaderAsync();
        var collected = new List<CollectedBlob>();
        while (await reader.ReadAsync())
        {
            collected.Add(new CollectedBlob(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return collected;
    }

    private async Task<long> UsedAsync(string owner)
    {
        await using var used = db.CreateCommand("SELECT bytes FROM nmpi_code_storage WHERE owner = $1");
        used.Parameters.Add(new NpgsqlParameter { Value = owner });
        return await used.ExecuteScalarAsync() is long bytes ? bytes : 0;
    }
}
