using Npgsql;

namespace Nmpi.Cluster.Tests.Notifications;

/// <summary>Test data in the accounts table: a user's address, job-mail choice and administrator flag.</summary>
public static class MailUsers
{
    /// <summary>Creates the user row or updates it.</summary>
    public static async Task SetAsync(string connectionString, string userId, string? email, bool jobMails = true, bool admin = false, string? displayName = null)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(
            """
            INSERT INTO nmpi_users (user_id, email, display_name, admin, job_mails, created_at) VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (user_id) DO UPDATE SET email = $2, display_name = $3, admin = $4, job_mails = $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)email ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)displayName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = admin });
        command.Parameters.Add(new NpgsqlParameter { Value = jobMails });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The outbox rows as (dedup key, attempts, sent, failed, last error), by id.</summary>
    public static async Task<IReadOnlyList<(string Key, int Attempts, bool Sent, bool Failed, string? Error)>> OutboxAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(
            "SELECT dedup_key, attempts, sent_at IS NOT NULL, failed_at IS NOT NULL, last_error FROM nmpi_mail_outbox ORDER BY id");
        var rows = new List<(string, int, bool, bool, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}
