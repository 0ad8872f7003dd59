using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Nmpi.Silo.Storage;

/// <summary>
/// Applies the numbered <c>*.sql</c> files of a folder in name order, once each, under an advisory lock,
/// so any number of silos may start at once against the same database.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>The pg_advisory_xact_lock key that serialises migrations ("NMPI" + 1).</summary>
    public const long AdvisoryLockKey = 0x4E4D_5049_0000_0001;

    /// <summary>The folder next to the executable that the build copies deploy/sql into.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "sql");

    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS nmpi_schema_migrations (
            name       text        PRIMARY KEY,
            sha256     text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the files of <paramref name="directory"/> not applied yet.</summary>
    /// <returns>The names of the files applied by this call, in order.</returns>
    /// <exception cref="InvalidOperationException">An applied file has changed since it was applied.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var folder = directory ?? DefaultDirectory;
        var files = MigrationFiles(folder);
        var applied = new List<string>();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, CreateLedger, cancellationToken).ConfigureAwait(false);
        var ledger = await ReadLedgerAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (ledger.TryGetValue(name, out var appliedHash))
            {
                if (!string.Equals(appliedHash, hash, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration {name} was applied with sha256 {appliedHash} but the file in {folder} now has sha256 {hash}. " +
                        "An applied migration must never change: restore the file and put the change in a new numbered file.");
                }

                LogSkipped(logger, name);
                continue;
            }

            var sql = System.Text.Encoding.UTF8.GetString(bytes);
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO nmpi_schema_migrations (name, sha256, applied_at) VALUES ($1, $2, now())", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = name });
                record.Parameters.Add(new NpgsqlParameter { Value = hash });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            LogApplied(logger, name, hash);
            applied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The numbered files (a leading digit, ending .sql) in ordinal name order.</summary>
    private static List<string> MigrationFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The migrations folder {folder} does not exist.");
        }

        return Directory.GetFiles(folder, "*.sql")
            .Where(path => NumberedFile().IsMatch(Path.GetFileName(path)))
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<Dictionary<string, string>> ReadLedgerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var ledger = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name, sha256 FROM nmpi_schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ledger[reader.GetString(0)] = reader.GetString(1);
        }

        return ledger;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"^\d+_[^/]*\.sql$")]
    private static partial Regex NumberedFile();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Name} (sha256 {Sha256})")]
    private static partial void LogApplied(ILogger logger, string name, string sha256);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Migration {Name} is already applied")]
    private static partial void LogSkipped(ILogger logger, string name);
}
