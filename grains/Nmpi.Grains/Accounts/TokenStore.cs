using Nmpi.GrainInterfaces.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.Accounts;

/// <summary>The personal access tokens table (with the recorded session tokens), keyed by the SHA-256 of the token text.</summary>
public sealed class TokenStore(NpgsqlDataSource db)
{
    /// <summary>Loads a token's user, expiry and revocation time, or null when no token has this hash.</summary>
    public async Task<(string UserId, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)?> LoadAsync(byte[] tokenHash)
    {
        await using var command = db.CreateCommand("SELECT user_id, expires_at, revoked_at FROM nmpi_access_tokens WHERE token_hash = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = tokenHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return (reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>
    /// Stores a token unless its hash is stored already. Storing a session also deletes the user's sessions that have
    /// expired: every sign-in and renewal records one, and an expired one is refused by its own signature check anyway,
    /// so the rows of a user stay as few as their live sessions.
    /// </summary>
    public async Task InsertAsync(byte[] tokenHash, string userId, string label, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        await using var batch = new NpgsqlBatch();
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO nmpi_access_tokens (token_hash, user_id, label, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = tokenHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = label });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)expiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(insert);
        if (label == IAccessTokenGrain.SessionLabel)
        {
            var prune = new NpgsqlBatchCommand("DELETE FROM nmpi_access_tokens WHERE user_id = $1 AND label = $2 AND expires_at <= $3");
            prune.Parameters.Add(new NpgsqlParameter { Value = userId });
            prune.Parameters.Add(new NpgsqlParameter { Value = label });
            prune.Parameters.Add(new NpgsqlParameter { Value = now });
            batch.BatchCommands.Add(prune);
        }

        await using var connection = await db.OpenConnectionAsync();
        batch.Connection = connection;
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Marks the token revoked; false when it was unknown or revoked already.</summary>
    public async Task<bool> RevokeAsync(byte[] tokenHash, DateTimeOffset now)
    {
        await using var command = db.CreateCommand("UPDATE nmpi_access_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = tokenHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    /// <summary>
    /// Revokes every unrevoked session token of the user, or every token when not <paramref name="sessionsOnly"/> (but not the one with the hash <paramref name="except"/>)
    /// in one statement; returns the hashes revoked.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> RevokeSessionsAsync(string userId, byte[]? except, DateTimeOffset now, bool sessionsOnly = true)
    {
        await using var command = db.CreateCommand(
            """
            UPDATE nmpi_access_tokens SET revoked_at = $2
            WHERE user_id = $1 AND (label = $3 OR NOT $5) AND revoked_at IS NULL AND ($4::bytea IS NULL OR token_hash <> $4)
            RETURNING token_hash
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = IAccessTokenGrain.SessionLabel });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)except ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = sessionsOnly });
        var revoked = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revoked.Add(reader.GetFieldValue<byte[]>(0));
        }

        return revoked;
    }
}
