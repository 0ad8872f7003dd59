using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.GrainInterfaces.Accounts;
using Nmpi.Grains.Accounts;
using Npgsql;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>The configured users seeded into the accounts tables: idempotent, and safe when silos start together.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccountSeedTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Nmpi:Auth:Users:0:UserId"] = "alice",
        ["Nmpi:Auth:Users:0:Token"] = "token-alice-0123456789",
        ["Nmpi:Auth:Users:0:Email"] = "alice@example.org",
        ["Nmpi:Auth:Users:0:Collabs:neuro"] = "editor",
        ["Nmpi:Auth:Users:0:Collabs:shared"] = "viewer",
        ["Nmpi:Auth:Users:1:UserId"] = "bob",
        ["Nmpi:Auth:Users:1:Token"] = "token-bob-0123456789",
        ["Nmpi:Auth:Users:1:Admin"] = "true",
        ["Nmpi:Auth:Users:1:Password"] = "bob-password-1",
        ["Nmpi:Auth:Users:1:Collabs:neuro"] = "administrator",
    };

    [Fact]
    public async Task SeedsStartingTogether_ManyTimes_LeaveExactlyTheConfiguredRows()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("seed");
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(Seeder(first).StartAsync(CancellationToken.None), Seeder(second).StartAsync(CancellationToken.None));
        }

        Assert.Equal(
            ["alice|alice@example.org|false|false", "bob||true|true"],
            await RowsAsync(first, "SELECT user_id || '|' || coalesce(email, '') || '|' || admin || '|' || (password_hash IS NOT NULL) FROM nmpi_users ORDER BY 1"));
        Assert.Equal(
            ["neuro|alice|2", "neuro|bob|3", "private-alice|alice|3", "private-bob|bob|3", "shared|alice|1"],
            await RowsAsync(first, "SELECT collab_id || '|' || user_id || '|' || role FROM nmpi_collab_members ORDER BY 1"));
        Assert.Equal(
            ["neuro|", "private-alice|alice", "private-bob|bob", "shared|"],
            await RowsAsync(first, "SELECT collab_id || '|' || coalesce(private_for, '') FROM nmpi_collabs ORDER BY 1"));
        Assert.Equal(["alice|configuration", "bob|configuration"], await RowsAsync(first, "SELECT user_id || '|' || label FROM nmpi_access_tokens ORDER BY 1"));
    }

    [Fact]
    public async Task Reseeding_KeepsAPasswordChangedSince_AndNeverStoresSecretsInTheClear()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("seed");
        await using var db = NpgsqlDataSource.Create(connectionString);
        await Seeder(db).StartAsync(CancellationToken.None);
        var changed = PasswordHash.Create("changed-through-the-api", 1000);
        await using (var update = db.CreateCommand("UPDATE nmpi_users SET password_hash = $1 WHERE user_id = 'bob'"))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = changed });
            await update.ExecuteNonQueryAsync();
        }

        await Seeder(db).StartAsync(CancellationToken.None);

        Assert.Equal([changed], await RowsAsync(db, "SELECT password_hash FROM nmpi_users WHERE user_id = 'bob'"));
        var users = await RowsAsync(db, "SELECT concat_ws('|', user_id, password_hash) FROM nmpi_users");
        var tokens = await RowsAsync(db, "SELECT encode(token_hash, 'escape') FROM nmpi_access_tokens");
        var everything = string.Join("\n", users.Concat(tokens));
        Assert.DoesNotContain("bob-password-1", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("token-alice", everything, StringComparison.Ordinal);
    }

    private static AccountSeeder Seeder(NpgsqlDataSource db) => new(
        db, new ConfigurationBuilder().AddInMemoryCollection(Settings).Build(), TimeProvider.System, NullLogger<AccountSeeder>.Instance);

    private static async Task<List<string>> RowsAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
