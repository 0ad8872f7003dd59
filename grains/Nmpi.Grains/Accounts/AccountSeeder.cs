using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.Accounts;
using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>
/// Upserts the users of <c>Nmpi:Auth:Users</c> (profile, private collab, collab roles, token) into the accounts tables
/// when the silo starts. Idempotent, and safe when several silos start at once: every write is an upsert, one
/// transaction per user, always in the same order.
/// </summary>
public sealed partial class AccountSeeder(NpgsqlDataSource db, IConfiguration configuration, TimeProvider time, ILogger<AccountSeeder> logger) : IHostedService
{
    /// <summary>The configuration section the users are read from.</summary>
    public const string SectionName = "Nmpi:Auth:Users";

    /// <summary>Who the seed writes as (created_by, added_by).</summary>
    public const string Author = "configuration";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var users = configuration.GetSection(SectionName).Get<List<SeedUser>>() ?? [];
        foreach (var user in users.Where(u => u.UserId.Length > 0).OrderBy(u => u.UserId, StringComparer.Ordinal))
        {
            await SeedAsync(user, cancellationToken);
        }

        if (users.Count > 0)
        {
            Seeded(logger, users.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Upserts one user in one transaction.</summary>
    public async Task SeedAsync(SeedUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var passwordHash = string.IsNullOrEmpty(user.Password) || await HasPasswordAsync(connection, transaction, user.UserId, cancellationToken)
            ? null
            : PasswordHash.Create(user.Password);
        // A configured address is the operator's word: it counts as verified.
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO nmpi_users (user_id, email, password_hash, admin, created_at, email_verified_at)
            VALUES ($1, $2, $3, $4, $5, CASE WHEN $2::text IS NULL THEN NULL ELSE $5 END)
            ON CONFLICT (user_id) DO UPDATE SET admin = excluded.admin,
                email = COALESCE(excluded.email, nmpi_users.email),
                email_verified_at = CASE WHEN excluded.email IS NULL THEN nmpi_users.email_verified_at
                                         ELSE COALESCE(nmpi_users.email_verified_at, excluded.email_verified_at) END,
                password_hash = COALESCE(nmpi_users.password_hash, excluded.password_hash)
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = user.UserId });
            upsert.Parameters.Add(AccountStore.Text(string.IsNullOrEmpty(user.Email) ? null : user.Email));
            upsert.Parameters.Add(AccountStore.Text(passwordHash));
            upsert.Parameters.Add(new NpgsqlParameter { Value = user.Admin });
            upsert.Parameters.Add(new NpgsqlParameter { Value = now });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await PrivateCollabSql.EnsureAsync(connection, transaction, user.UserId, Author, now);
        foreach (var (collab, roleName) in user.Collabs.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!Enum.TryParse<MemberRole>(roleName, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleName, out _))
            {
                continue; // The gateway's options validator refuses such a configuration before anything runs.
            }

            await using (var create = new NpgsqlCommand(
                "INSERT INTO nmpi_collabs (collab_id, title, created_by, created_at) VALUES ($1, $1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction))
            {
                create.Parameters.Add(new NpgsqlParameter { Value = collab });
                create.Parameters.Add(new NpgsqlParameter { Value = Author });
                create.Parameters.Add(new NpgsqlParameter { Value = now });
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await CollabStore.UpsertMemberAsync(connection, transaction, collab, user.UserId, role, Author, now);
        }

        if (!string.IsNullOrEmpty(user.Token))
        {
            await using var token = new NpgsqlCommand(
                """
                INSERT INTO nmpi_access_tokens (token_hash, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
                """, connection, transaction);
            token.Parameters.Add(new NpgsqlParameter { Value = SHA256.HashData(Encoding.UTF8.GetBytes(user.Token)) });
            token.Parameters.Add(new NpgsqlParameter { Value = user.UserId });
            token.Parameters.Add(new NpgsqlParameter { Value = Author });
            token.Parameters.Add(new NpgsqlParameter { Value = now });
            token.Parameters.Add(new NpgsqlParameter { Value = (object?)user.TokenExpires ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            await token.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Hashing is slow on purpose: skip it when the stored password would be kept anyway.
    private static async Task<bool> HasPasswordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT password_hash IS NOT NULL FROM nmpi_users WHERE user_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} configured users into the accounts tables.")]
    private static partial void Seeded(ILogger logger, int count);
}
