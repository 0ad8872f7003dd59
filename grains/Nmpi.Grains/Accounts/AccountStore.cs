using Nmpi.GrainInterfaces.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.Accounts;

/// <summary>The users and memberships tables as the user grains read and write them.</summary>
public sealed class AccountStore(NpgsqlDataSource db)
{
    /// <summary>Loads a user and their password hash, or null when there is no such user.</summary>
    public async Task<(UserAccount Account, string? PasswordHash)?> LoadUserAsync(string userId)
    {
        await using var command = db.CreateCommand(
            "SELECT email, display_name, password_hash, admin, job_mails, created_at, disabled_at IS NOT NULL, email_verified_at IS NOT NULL FROM nmpi_users WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var hash = reader.IsDBNull(2) ? null : reader.GetString(2);
        var account = new UserAccount
        {
            UserId = userId,
            Email = reader.IsDBNull(0) ? null : reader.GetString(0),
            DisplayName = reader.IsDBNull(1) ? null : reader.GetString(1),
            Admin = reader.GetBoolean(3),
            JobMails = reader.GetBoolean(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
            HasPassword = hash is not null,
            Disabled = reader.GetBoolean(6),
            EmailVerified = reader.GetBoolean(7),
        };
        return (account, hash);
    }

    /// <summary>Lists the collabs the user belongs to, with role and title, sorted by collab id.</summary>
    public async Task<IReadOnlyList<CollabMembership>> LoadMembershipsAsync(string userId)
    {
        await using var command = db.CreateCommand(
            """
            SELECT m.collab_id, c.title, m.role, c.private_for IS NOT NULL
            FROM nmpi_collab_members m JOIN nmpi_collabs c ON c.collab_id = m.collab_id
            WHERE m.user_id = $1 ORDER BY m.collab_id COLLATE "C"
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync();
        var memberships = new List<CollabMembership>();
        while (await reader.ReadAsync())
        {
            memberships.Add(new CollabMembership(reader.GetString(0), reader.GetString(1), (MemberRole)reader.GetInt16(2), reader.GetBoolean(3)));
        }

        return memberships;
    }

    /// <summary>Creates the user with their private collab in one transaction; false when the user id is taken.</summary>
    public async Task<bool> CreateUserAsync(string userId, NewUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO nmpi_users (user_id, email, display_name, password_hash, admin, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(Text(user.Email));
            insert.Parameters.Add(Text(user.DisplayName));
            insert.Parameters.Add(Text(user.PasswordHash));
            insert.Parameters.Add(new NpgsqlParameter { Value = user.Admin });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                return false;
            }
        }

        await PrivateCollabSql.EnsureAsync(connection, transaction, userId, user.CreatedBy, now);
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Applies a profile change; false when there is no such user.</summary>
    public async Task<bool> UpdateProfileAsync(string userId, ProfileChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        // NULL keeps a column; the empty string clears it. Another address is unverified (the right side reads the old row).
        await using var command = db.CreateCommand(
            """
            UPDATE nmpi_users SET
                email = CASE WHEN $2::text IS NULL THEN email ELSE NULLIF($2, '') END,
                email_verified_at = CASE WHEN $2::text IS NULL OR NULLIF($2, '') IS NOT DISTINCT FROM email THEN email_verified_at END,
                display_name = CASE WHEN $3::text IS NULL THEN display_name ELSE NULLIF($3, '') END,
                job_mails = COALESCE($4, job_mails)
            WHERE user_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(Text(change.Email));
        command.Parameters.Add(Text(change.DisplayName));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.JobMails ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    /// <summary>Replaces the password hash; false when there is no such user.</summary>
    public async Task<bool> SetPasswordHashAsync(string userId, string passwordHash)
    {
        await using var command = db.CreateCommand("UPDATE nmpi_users SET password_hash = $2 WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = passwordHash });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    /// <summary>Sets or clears the time the account was disabled; false when there is no such user.</summary>
    public async Task<bool> SetDisabledAsync(string userId, DateTimeOffset? disabledAt)
    {
        await using var command = db.CreateCommand("UPDATE nmpi_users SET disabled_at = $2 WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)disabledAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
