using Nmpi.GrainInterfaces.ProviderKeys;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.ProviderKeys;

/// <summary>The provider keys table: a few rows, written by administrators and at start-up, read by the key grains.</summary>
public sealed class ProviderKeyStore(NpgsqlDataSource db)
{
    private const string Columns = "key_id, site, platforms, label, created_by, created_at, last_used_at, revoked_at, replaced_by, key_hash";

    /// <summary>Loads a key, or null when none has this id.</summary>
    public async Task<StoredProviderKey?> LoadAsync(string keyId)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM nmpi_provider_keys WHERE key_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    /// <summary>Inserts a key unless its id (or hash) is taken; true when this call stored it.</summary>
    public async Task<bool> InsertAsync(string keyId, NewProviderKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var insert = db.CreateCommand(
            """
            INSERT INTO nmpi_provider_keys (key_id, key_hash, site, platforms, label, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT DO NOTHING
            """);
        AddNew(insert, keyId, key, now);
        return await insert.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Stores a configured key, or gives a live stored one the configured site and platforms; a revoked one stays as it is.</summary>
    public async Task SeedAsync(string keyId, NewProviderKey seed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(seed);
        // Insert and update apart: an upsert naming one unique index still fails on the other (the hash) when two
        // seeds race, whereas a plain ON CONFLICT DO NOTHING covers every unique index.
        if (await InsertAsync(keyId, seed, now))
        {
            return;
        }

        await using var update = db.CreateCommand(
            """
            UPDATE nmpi_provider_keys SET site = $3, platforms = $4
            WHERE key_id = $1 AND key_hash = $2 AND revoked_at IS NULL
            """);
        update.Parameters.Add(new NpgsqlParameter { Value = keyId });
        update.Parameters.Add(new NpgsqlParameter { Value = seed.KeyHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        update.Parameters.Add(new NpgsqlParameter { Value = seed.Site });
        update.Parameters.Add(new NpgsqlParameter { Value = seed.Platforms.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await update.ExecuteNonQueryAsync();
    }

    /// <summary>Sets when the key ends.</summary>
    public async Task SetEndAsync(string keyId, DateTimeOffset end)
    {
        await using var update = db.CreateCommand("UPDATE nmpi_provider_keys SET revoked_at = $2 WHERE key_id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = keyId });
        update.Parameters.Add(new NpgsqlParameter { Value = end });
        await update.ExecuteNonQueryAsync();
    }

    /// <summary>Records that the key authenticated a call.</summary>
    public async Task RecordUseAsync(string keyId, DateTimeOffset now)
    {
        await using var update = db.CreateCommand("UPDATE nmpi_provider_keys SET last_used_at = $2 WHERE key_id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = keyId });
        update.Parameters.Add(new NpgsqlParameter { Value = now });
        await update.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// In one transaction: stores the new key and marks the old one replaced, ending at <paramref name="oldEnd"/>; false (and
    /// nothing written) when the old key was rotated, or is no longer live, by the time the transaction runs.
    /// </summary>
    public async Task<bool> RotateAsync(string oldKeyId, DateTimeOffset oldEnd, string newKeyId, NewProviderKey newKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var retire = new NpgsqlCommand(
            """
            UPDATE nmpi_provider_keys SET replaced_by = $2, revoked_at = $3
            WHERE key_id = $1 AND replaced_by IS NULL AND (revoked_at IS NULL OR revoked_at > $4)
            """,
            connection,
            transaction))
        {
            retire.Parameters.Add(new NpgsqlParameter { Value = oldKeyId });
            retire.Parameters.Add(new NpgsqlParameter { Value = newKeyId });
            retire.Parameters.Add(new NpgsqlParameter { Value = oldEnd });
            retire.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await retire.ExecuteNonQueryAsync() != 1)
            {
                await transaction.RollbackAsync();
                return false;
            }
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO nmpi_provider_keys (key_id, key_hash, site, platforms, label, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            connection,
            transaction))
        {
            AddNew(insert, newKeyId, newKey, now);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Lists keys oldest first, of one site (or all for an empty site), leaving out ended ones unless asked.</summary>
    public async Task<IReadOnlyList<ProviderKey>> ListAsync(string site, bool includeRevoked, DateTimeOffset now)
    {
        await using var command = db.CreateCommand(
            $"""
            SELECT {Columns} FROM nmpi_provider_keys
            WHERE ($1 = '' OR site = $1) AND ($2 OR revoked_at IS NULL OR revoked_at > $3)
            ORDER BY created_at, key_id
            LIMIT 10000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = site });
        command.Parameters.Add(new NpgsqlParameter { Value = includeRevoked });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<ProviderKey>();
        while (await reader.ReadAsync())
        {
            keys.Add(Read(reader).Key);
        }

        return keys;
    }

    private static void AddNew(NpgsqlCommand command, string keyId, NewProviderKey key, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        command.Parameters.Add(new NpgsqlParameter { Value = key.KeyHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Site });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Platforms.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Label });
        command.Parameters.Add(new NpgsqlParameter { Value = key.CreatedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
    }

    private static StoredProviderKey Read(NpgsqlDataReader reader) => new(
        new ProviderKey
        {
            KeyId = reader.GetString(0),
            Site = reader.GetString(1),
            Platforms = reader.GetFieldValue<string[]>(2),
            Label = reader.GetString(3),
            CreatedBy = reader.GetString(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
            LastUsedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            RevokedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            ReplacedBy = reader.IsDBNull(8) ? null : reader.GetString(8),
        },
        reader.GetFieldValue<byte[]>(9));
}
