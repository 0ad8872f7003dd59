using Nmpi.GrainInterfaces.Accounts;
using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>The collabs and collab members tables as the collab grains read and write them.</summary>
public sealed class CollabStore(NpgsqlDataSource db)
{
    /// <summary>Loads a collab with its members, or null when there is none.</summary>
    public async Task<CollabInfo?> LoadAsync(string collabId)
    {
        await using var connection = await db.OpenConnectionAsync();
        string title, createdBy;
        DateTimeOffset createdAt;
        string? privateFor;
        await using (var command = new NpgsqlCommand("SELECT title, created_by, created_at, private_for FROM nmpi_collabs WHERE collab_id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = collabId });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            (title, createdBy, createdAt, privateFor) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        var members = new List<CollabMember>();
        await using (var command = new NpgsqlCommand(
            "SELECT user_id, role, added_by, added_at FROM nmpi_collab_members WHERE collab_id = $1 ORDER BY user_id COLLATE \"C\"", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = collabId });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                members.Add(new CollabMember(reader.GetString(0), (MemberRole)reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        return new CollabInfo { CollabId = collabId, Title = title, CreatedBy = createdBy, CreatedAt = createdAt, PrivateFor = privateFor, Members = members };
    }

    /// <summary>Creates a shared collab with its creator as administrator; false when the id is taken.</summary>
    public async Task<bool> CreateAsync(string collabId, string title, string creator, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // An id an external issuer's teams own is taken: a local collab of that name would hand its jobs to the issuer's members.
        if (await ExternalDirectoryStore.IsExternalAsync(connection, transaction, collabId))
        {
            return false;
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO nmpi_collabs (collab_id, title, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = collabId });
            insert.Parameters.Add(new NpgsqlParameter { Value = title });
            insert.Parameters.Add(new NpgsqlParameter { Value = creator });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                return false;
            }
        }

        await UpsertMemberAsync(connection, transaction, collabId, creator, MemberRole.Administrator, creator, now);
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Adds a member or changes their role.</summary>
    public async Task SetMemberAsync(string collabId, string userId, MemberRole role, string changedBy, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        await UpsertMemberAsync(connection, null, collabId, userId, role, changedBy, now);
    }

    /// <summary>Removes a member; false when the user was not a member.</summary>
    public async Task<bool> RemoveMemberAsync(string collabId, string userId)
    {
        await using var command = db.CreateCommand("DELETE FROM nmpi_collab_members WHERE collab_id = $1 AND user_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = collabId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    internal static async Task UpsertMemberAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string collabId, string userId, MemberRole role, string changedBy, DateTimeOffset now)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO nmpi_collab_members (collab_id, user_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (collab_id, user_id) DO UPDATE SET role = excluded.role
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = collabId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)role });
        command.Parameters.Add(new NpgsqlParameter { Value = changedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync();
    }
}
