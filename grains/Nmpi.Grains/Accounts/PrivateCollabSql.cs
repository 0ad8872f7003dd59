using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>Creates a user's private-&lt;username&gt; collab with them as its administrator, idempotently.</summary>
internal static class PrivateCollabSql
{
    /// <summary>The id of the user's private collab.</summary>
    public static string CollabId(string userId) => "private-" + userId;

    public static async Task EnsureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, string createdBy, DateTimeOffset now)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var collab = new NpgsqlBatchCommand(
            """
            INSERT INTO nmpi_collabs (collab_id, title, created_by, created_at, private_for)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
            """);
        collab.Parameters.Add(new NpgsqlParameter { Value = CollabId(userId) });
        collab.Parameters.Add(new NpgsqlParameter { Value = $"Private collab of {userId}" });
        collab.Parameters.Add(new NpgsqlParameter { Value = createdBy });
        collab.Parameters.Add(new NpgsqlParameter { Value = now });
        collab.Parameters.Add(new NpgsqlParameter { Value = userId });
        var member = new NpgsqlBatchCommand(
            """
            INSERT INTO nmpi_collab_members (collab_id, user_id, role, added_by, added_at)
            VALUES ($1, $2, 3, $3, $4) ON CONFLICT (collab_id, user_id) DO UPDATE SET role = 3
            """);
        member.Parameters.Add(new NpgsqlParameter { Value = CollabId(userId) });
        member.Parameters.Add(new NpgsqlParameter { Value = userId });
        member.Parameters.Add(new NpgsqlParameter { Value = createdBy });
        member.Parameters.Add(new NpgsqlParameter { Value = now });
        batch.BatchCommands.Add(collab);
        batch.BatchCommands.Add(member);
        await batch.ExecuteNonQueryAsync();
    }
}
