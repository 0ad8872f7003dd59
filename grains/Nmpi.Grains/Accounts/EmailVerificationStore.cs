using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>The outstanding verification code of each user (nmpi_email_verifications) and the verified mark on their address.</summary>
public sealed class EmailVerificationStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Stores a new code for the address, replacing the last one, unless the last one was sent after
    /// <paramref name="notSentSince"/>; returns null when stored, or when that last one was sent.
    /// </summary>
    public async Task<DateTimeOffset?> ReplaceAsync(string userId, string email, byte[] codeHash, DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset notSentSince)
    {
        await using var command = db.CreateCommand(
            """
            INSERT INTO nmpi_email_verifications (user_id, email, code_hash, expires_at, sent_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE
               SET email = excluded.email, code_hash = excluded.code_hash, expires_at = excluded.expires_at, sent_at = excluded.sent_at
             WHERE nmpi_email_verifications.sent_at <= $6
            """);
        foreach (var value in new object[] { userId, email, codeHash, expiresAt, now, notSentSince })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        if (await command.ExecuteNonQueryAsync() > 0)
        {
            return null;
        }

        await using var last = db.CreateCommand("SELECT sent_at FROM nmpi_email_verifications WHERE user_id = $1");
        last.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await last.ExecuteScalarAsync() is DateTime sentAt ? new DateTimeOffset(sentAt, TimeSpan.Zero) : now;
    }

    /// <summary>
    /// Uses the code: when it is the user's outstanding one, unexpired, and was sent to the address the user has now,
    /// it is deleted and the address marked verified, in one statement. False (and nothing changed) otherwise.
    /// </summary>
    public async Task<bool> UseAsync(string userId, byte[] codeHash, DateTimeOffset now)
    {
        await using var command = db.CreateCommand(
            """
            WITH used AS (
                DELETE FROM nmpi_email_verifications v
                 WHERE v.user_id = $1 AND v.code_hash = $2 AND v.expires_at > $3
                   AND v.email = (SELECT u.email FROM nmpi_users u WHERE u.user_id = $1)
                RETURNING v.email)
            UPDATE nmpi_users u SET email_verified_at = $3 FROM used WHERE u.user_id = $1 AND u.email = used.email
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = codeHash });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync() > 0;
    }
}
