using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Nmpi.Chaos.Platform;

/// <summary>
/// The run's PostgreSQL: a private server started with deploy/scripts/postgres.sh (which the program can crash with
/// pg_ctl -m immediate and start again on the same port), or a server given by --postgres; a fresh database in either.
/// </summary>
public sealed partial class ChaosPostgres : IAsyncDisposable
{
    private readonly string _root;
    private readonly string? _directory;
    private readonly string _adminConnectionString;
    private readonly string _database;

    private ChaosPostgres(string root, string? directory, string adminConnectionString, string database)
    {
        _root = root;
        _directory = directory;
        _adminConnectionString = adminConnectionString;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = true }.ConnectionString;
    }

    /// <summary>The connection string of the run's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Whether the program may crash the server (it started it itself).</summary>
    public bool Private => _directory is not null;

    /// <summary>Starts a private server under <paramref name="runDirectory"/>, or uses the given one, and creates the run's database.</summary>
    public static async Task<ChaosPostgres> StartAsync(string root, string runDirectory, string? given, CancellationToken cancellationToken)
    {
        string? directory = null;
        var admin = given;
        if (admin is null)
        {
            directory = Path.Combine(runDirectory, "postgres");
            var output = await RunAsync(Path.Combine(root, "deploy/scripts/postgres.sh"), ["start", directory], cancellationToken);
            admin = ConnectionLine().Match(output) is { Success: true } match
                ? match.Groups[1].Value
                : throw new InvalidOperationException($"deploy/scripts/postgres.sh printed no connection string: {output}");
        }

        var postgres = new ChaosPostgres(root, directory, admin, $"chaos_{Guid.NewGuid():N}"[..20]);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {postgres._database}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return postgres;
    }

    /// <summary>Crashes the server (pg_ctl stop -m immediate: no checkpoint, clients cut off) and starts it again on the same port.</summary>
    public async Task CrashAndRestartAsync(CancellationToken cancellationToken)
    {
        var directory = _directory ?? throw new InvalidOperationException("Only a private PostgreSQL can be crashed.");
        var port = new NpgsqlConnectionStringBuilder(_adminConnectionString).Port;
        await RunAsync("runuser", ["-u", "postgres", "--", PgCtl(), "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"], cancellationToken);
        await RunAsync("runuser", ["-u", "postgres", "--", PgCtl(), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "postgres.log"), "-w", "start",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB"], cancellationToken);
    }

    /// <summary>Stops a private server (the data stays in the run directory); drops the database on a given one.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is not null)
        {
            await RunAsync(Path.Combine(_root, "deploy/scripts/postgres.sh"), ["stop", _directory], CancellationToken.None);
            return;
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string PgCtl() =>
        Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", "pg_ctl")).Last(File.Exists);

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
    }

    [GeneratedRegex("NMPI_TEST_PG='([^']*)'")]
    private static partial Regex ConnectionLine();
}
