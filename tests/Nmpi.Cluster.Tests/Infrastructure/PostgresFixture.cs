using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the cluster tests: the one named by NMPI_TEST_PG (CI starts one and shares it),
/// else a private server in a temporary directory. Each test takes a fresh database of its own.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The environment variable that holds a connection string to a server to share.</summary>
    public const string EnvironmentVariable = "NMPI_TEST_PG";

    /// <summary>Set to 1 when the shared server is discarded after the run, so test databases need not be dropped.</summary>
    public const string DisposableVariable = "NMPI_TEST_PG_DISPOSABLE";

    /// <summary>The time zone of every test database's sessions.</summary>
    public const string SessionTimeZone = "Pacific/Kiritimati";

    private readonly List<string> _databases = [];
    private LocalPostgres? _local;
    private string? _temporaryDirectory;
    private string _adminConnectionString = "";

    /// <summary>A superuser connection to the server's maintenance database (for tests that break a database on purpose).</summary>
    public string AdminConnectionString => _adminConnectionString;

    /// <summary>The private server when no shared one is configured (null when NMPI_TEST_PG is used).</summary>
    public LocalPostgres? Local => _local;

    public async Task InitializeAsync()
    {
        var shared = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(shared))
        {
            _adminConnectionString = shared;
            return;
        }

        _temporaryDirectory = Directory.CreateTempSubdirectory("nmpi-pg-").FullName;
        _local = new LocalPostgres(Path.Combine(_temporaryDirectory, "data"));
        _adminConnectionString = await _local.StartAsync("postgres");
    }

    /// <summary>Creates a new, empty, uniquely named database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name.Length > 63 ? name[..63] : name;
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();

            // Sessions run 14 hours off UTC, so a timestamp written or read without its zone shows up as wrong.
            await using var zone = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET timezone TO '{SessionTimeZone}'", connection);
            await zone.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates a fresh database with every migration of deploy/sql applied.</summary>
    public async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var connectionString = await CreateDatabaseAsync(prefix);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync();
        return connectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_local is null && Environment.GetEnvironmentVariable(DisposableVariable) == "1")
        {
            // The test script throws the whole server away afterwards; dropping databases one by one only costs time.
            return;
        }

        if (_local is null)
        {
            // A shared server outlives this run: leave it as it was found.
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection) { CommandTimeout = 0 };
                await drop.ExecuteNonQueryAsync();
            }

            return;
        }

        await _local.StopAsync();
        if (_temporaryDirectory is not null)
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }
}
