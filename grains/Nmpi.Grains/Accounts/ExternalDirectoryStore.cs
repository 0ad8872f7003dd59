using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>The tables of external identities and of the collab ids external issuers may grant roles in.</summary>
public sealed class ExternalDirectoryStore(NpgsqlDataSource db)
{
    private const int MaxSuffix = 1000;

    /// <summary>Returns the subject's user id, inserting <paramref name="preferred"/> (or it with a suffix when taken) at first sight.</summary>
    public async Task<string> ResolveUserAsync(string issuer, string subject, string username, string preferred, DateTimeOffset now)
    {
        for (var n = 1; n <= MaxSuffix; n++)
        {
            var candidate = n == 1 ? preferred : $"{preferred}~{n}";
            await using var command = db.CreateCommand(
                """
                WITH inserted AS (
                    INSERT INTO nmpi_external_identities (issuer, subject, user_id, username, created_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT DO NOTHING RETURNING user_id)
                SELECT user_id FROM inserted
                UNION ALL SELECT user_id FROM nmpi_external_identities WHERE issuer = $1 AND subject = $2
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = issuer });
            command.Parameters.Add(new NpgsqlParameter { Value = subject });
            command.Parameters.Add(new NpgsqlParameter { Value = candidate });
            command.Parameters.Add(new NpgsqlParameter { Value = username });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await command.ExecuteScalarAsync() is string userId)
            {
                return userId;
            }

            // Nothing inserted and no row of this subject: another subject holds the candidate id (a renamed user); try the next.
        }

        throw new InvalidOperationException($"No free user id for '{preferred}' after {MaxSuffix} tries.");
    }

    /// <summary>True when the issuer may grant roles in the collab: its own (claimed now if no local collab has the id) or linked to it.</summary>
    public async Task<bool> AdmitCollabAsync(string issuer, string collabId, string seenBy, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await LockCollabIdAsync(connection, transaction, collabId);
        await using var command = new NpgsqlCommand(
            """
            WITH inserted AS (
                INSERT INTO nmpi_external_collabs (collab_id, issuer, claimed_by, created_at)
                SELECT $2, $1, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM nmpi_collabs WHERE collab_id = $2)
                ON CONFLICT DO NOTHING RETURNING issuer)
            SELECT issuer FROM inserted UNION ALL SELECT issuer FROM nmpi_external_collabs WHERE collab_id = $2
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = issuer });
        command.Parameters.Add(new NpgsqlParameter { Value = collabId });
        command.Parameters.Add(new NpgsqlParameter { Value = seenBy });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        var owner = await command.ExecuteScalarAsync() as string;
        await transaction.CommitAsync();
        return string.Equals(owner, issuer, StringComparison.Ordinal);
    }

    /// <summary>True when an external issuer owns the collab id, so a local collab may not take it.</summary>
    internal static async Task<bool> IsExternalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string collabId)
    {
        await LockCollabIdAsync(connection, transaction, collabId);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM nmpi_external_collabs WHERE collab_id = $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = collabId });
        return await command.ExecuteScalarAsync() is true;
    }

    // Local creation and an issuer's claim of the same id check each other's table: one at a time per id (released at commit).
    private static async Task LockCollabIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string collabId)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('nmpi_collab:' || $1, 0))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = collabId });
        await command.ExecuteNonQueryAsync();
    }
}
