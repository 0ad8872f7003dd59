using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Nmpi.Silo.Hosting;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Benchmarks;

/// <summary>
/// What the benchmark drives: a platform of its own (a private or given PostgreSQL with a fresh database, one
/// silo co-hosting the gateway on free loopback ports, no dashboard), or a running gateway given by --endpoint.
/// </summary>
public sealed class BenchmarkPlatform : IAsyncDisposable
{
    private WebApplication? _app;
    private LocalPostgres? _localPostgres;
    private string? _temporaryDirectory;
    private string? _adminConnectionString;
    private string? _database;
    private bool _keepDatabase;

    private BenchmarkPlatform(string grpcUrl, string token, string adapterKey, string? adminToken = null)
    {
        GrpcUrl = grpcUrl;
        Token = token;
        AdapterKey = adapterKey;
        AdminToken = adminToken;
    }

    public string GrpcUrl { get; }

    public string Token { get; }

    public string AdapterKey { get; }

    /// <summary>A platform administrator's token (sees every collab); null when driving a given endpoint.</summary>
    public string? AdminToken { get; }

    /// <summary>Collabs besides --collab that the benchmark user may view (the listing benchmark's other collabs).</summary>
    public static IReadOnlyList<string> ViewedCollabs { get; } = ["other-1", "other-2"];

    /// <summary>The fresh database of this run, for the PostgreSQL reference; null when there is none.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Whether the silo runs in this process (and so shares its cores with the load).</summary>
    public bool InProcess => _app is not null;

    public static async Task<BenchmarkPlatform> StartAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        if (options.Endpoint is { } endpoint)
        {
            var remote = new BenchmarkPlatform(endpoint, options.Token!, options.AdapterKey!);
            if (options.Postgres is not null)
            {
                await remote.CreateDatabaseAsync(options.Postgres, cancellationToken);
            }

            return remote;
        }

        var platform = new BenchmarkPlatform($"http://127.0.0.1:{FreePort()}", Secret(), Secret(), Secret()) { _keepDatabase = options.KeepDatabase };
        try
        {
            await platform.StartOwnAsync(options, cancellationToken);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>A jobs.doc of this run to size the reference rows by; null when none is at hand.</summary>
    public async Task<string?> SampleDocumentAsync()
    {
        if (!InProcess || ConnectionString is null)
        {
            return null;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT doc::text FROM nmpi_jobs ORDER BY id LIMIT 1", connection);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Stops the silo so the reference has the machine to itself; the database stays.</summary>
    public async Task StopSiloAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        NpgsqlConnection.ClearAllPools();
        if (_keepDatabase && _database is not null)
        {
            Console.WriteLine($"The database {_database} is left on the server.");
        }
        else if (_adminConnectionString is not null && _database is not null)
        {
            // A given server outlives the run: leave it as it was found. The drop waits for a checkpoint, which a busy
            // shared server may take long over; the figures are printed by then, so a failed drop is said, not fatal.
            try
            {
                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection) { CommandTimeout = 300 };
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException e)
            {
                await Console.Error.WriteLineAsync($"The database {_database} could not be dropped ({e.Message}); drop it by hand.");
            }
        }

        if (_localPostgres is not null)
        {
            await _localPostgres.DisposeAsync();
        }

        if (_temporaryDirectory is not null)
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }

    private async Task StartOwnAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        _temporaryDirectory = Directory.CreateTempSubdirectory("nmpi-bench-").FullName;
        if (options.Postgres is { } given)
        {
            await CreateDatabaseAsync(given, cancellationToken);
        }
        else
        {
            _localPostgres = new LocalPostgres(Path.Combine(_temporaryDirectory, "postgres"));
            ConnectionString = await _localPostgres.StartAsync("nmpi_bench", cancellationToken);
        }

        var httpUrl = $"http://127.0.0.1:{FreePort()}";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = ConnectionString,
            ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = "nmpi-bench",
            ["Nmpi:Silo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GrpcUrl"] = GrpcUrl,
            ["Nmpi:Silo:HttpUrl"] = httpUrl,
            ["Nmpi:Silo:DashboardUrl"] = "",
            // The load generator is one user submitting at the platform's full rate: lift the per-user write limit.
            ["Nmpi:Gateway:WriteRateLimit:Burst"] = "1000000",
            ["Nmpi:Gateway:WriteRateLimit:PerSecond"] = "1000000",
            ["Nmpi:Gateway:ArtifactDirectory"] = Path.Combine(_temporaryDirectory, "artifacts"),
            ["Nmpi:Gateway:CapabilityBaseAddress"] = httpUrl,
            ["Nmpi:Gateway:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Nmpi:Auth:Users:0:Token"] = Token,
            ["Nmpi:Auth:Users:0:UserId"] = "bench-user",
            ["Nmpi:Auth:Users:0:Admin"] = "false",
            [$"Nmpi:Auth:Users:0:Collabs:{ViewedCollabs[0]}"] = "viewer",
            [$"Nmpi:Auth:Users:0:Collabs:{ViewedCollabs[1]}"] = "viewer",
            ["Nmpi:Auth:Users:1:Token"] = AdminToken,
            ["Nmpi:Auth:Users:1:UserId"] = "bench-admin",
            ["Nmpi:Auth:Users:1:Admin"] = "true",
            ["Nmpi:Auth:AdapterKeys:0:Key"] = AdapterKey,
            ["Nmpi:Auth:AdapterKeys:0:Site"] = "bench",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:0"] = options.Platform,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var collabs = options.SubmitCollabs;
        for (var i = 0; i < collabs.Count; i++)
        {
            settings[$"Nmpi:Auth:Users:0:Collabs:{collabs[i]}"] = "editor";

            // Enough quota for any run: admission still reserves and charges, as in production.
            settings[$"Nmpi:Quotas:Grants:{i}:Collab"] = collabs[i];
            settings[$"Nmpi:Quotas:Grants:{i}:Platform"] = options.Platform;
            settings[$"Nmpi:Quotas:Grants:{i}:Limit"] = "1000000000";
        }

        _app = await SiloRunner.StartAsync([], configuration => configuration.AddInMemoryCollection(settings), cancellationToken);
    }

    private async Task CreateDatabaseAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        _adminConnectionString = serverConnectionString;
        _database = $"nmpi_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = _database }.ConnectionString;
    }

    private static string Secret() => "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>A free loopback port (Orleans binds with address reuse, so never rely on defaults).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
