using Microsoft.Extensions.Logging.Abstractions;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    private static readonly string[] ShippedFiles =
        ["0001_orleans_clustering.sql", "0002_orleans_storage.sql", "0003_orleans_reminders.sql", "0010_jobs.sql", "0020_code_bundles.sql",
        "0030_accounts.sql", "0040_quotas.sql", "0050_mail.sql", "0060_statistics.sql", "0070_job_listing.sql", "0080_external_identities.sql", "0090_storage.sql",
        "0100_email_verification.sql"];

    [Fact]
    public async Task Migrations_AppliedTwice_ChangeNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate_twice"));
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.MigrateAsync();
        var ledgerAfterFirst = await LedgerAsync(dataSource);
        var queriesAfterFirst = await QueriesAsync(dataSource);
        var second = await migrator.MigrateAsync();

        Assert.Equal(ShippedFiles, first);
        Assert.Empty(second);
        Assert.Equal(ledgerAfterFirst, await LedgerAsync(dataSource));
        Assert.Equal(queriesAfterFirst, await QueriesAsync(dataSource));
    }

    [Fact]
    public async Task Migrations_FromTwoMigratorsAtOnce_ApplyEachFileOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrate_race");
        await using var dataSourceA = NpgsqlDataSource.Create(connectionString);
        await using var dataSourceB = NpgsqlDataSource.Create(connectionString);
        var migratorA = new SchemaMigrator(dataSourceA, NullLogger<SchemaMigrator>.Instance);
        var migratorB = new SchemaMigrator(dataSourceB, NullLogger<SchemaMigrator>.Instance);

        var results = await Task.WhenAll(migratorA.MigrateAsync(), migratorB.MigrateAsync());

        // The advisory lock lets one migrator apply everything; the other then finds nothing to do.
        Assert.Contains(results, applied => applied.SequenceEqual(ShippedFiles));
        Assert.Contains(results, applied => applied.Count == 0);
        Assert.Equal(ShippedFiles, (await LedgerAsync(dataSourceA)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Migrations_AppliedFileChanged_FailNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("nmpi-sql-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(SchemaMigrator.DefaultDirectory, "*.sql"))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate_changed"));
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
            await migrator.MigrateAsync(folder);
            await File.AppendAllTextAsync(Path.Combine(folder, "0002_orleans_storage.sql"), "\n-- edited after release\n");

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(folder));

            Assert.Contains("0002_orleans_storage.sql", error.Message, StringComparison.Ordinal);
            Assert.Contains("must never change", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task MigrationFiles_RunTwiceByHand_AreHarmless()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("scripts_twice"));

        foreach (var pass in new[] { 1, 2 })
        {
            foreach (var name in ShippedFiles)
            {
                var sql = await File.ReadAllTextAsync(Path.Combine(SchemaMigrator.DefaultDirectory, name));
                await using var command = dataSource.CreateCommand(sql);
                await command.ExecuteNonQueryAsync();
            }
        }

        Assert.Equal(20, (await QueriesAsync(dataSource)).Count);
    }

    [Fact]
    public async Task OrleansQuery_HoldsEveryKeyTheProvidersRead()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateMigratedDatabaseAsync("query_keys"));

        var keys = (await QueriesAsync(dataSource)).Keys;

        string[] required =
        [
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
            "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
            "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.Empty(required.Except(keys));
    }

    private static async Task<Dictionary<string, string>> LedgerAsync(NpgsqlDataSource dataSource) =>
        await ReadPairsAsync(dataSource, "SELECT name, sha256 || '@' || applied_at::text FROM nmpi_schema_migrations");

    private static async Task<Dictionary<string, string>> QueriesAsync(NpgsqlDataSource dataSource) =>
        await ReadPairsAsync(dataSource, "SELECT QueryKey, QueryText FROM OrleansQuery");

    private static async Task<Dictionary<string, string>> ReadPairsAsync(NpgsqlDataSource dataSource, string sql)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }
}
