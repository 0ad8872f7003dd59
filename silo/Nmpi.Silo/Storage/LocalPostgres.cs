using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Nmpi.Silo.Storage;

/// <summary>A private PostgreSQL server in a data directory of its own, for the local mode and tests.</summary>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly PostgresProcess _process;
    private readonly ILogger _logger;
    private bool _running;

    /// <param name="dataDirectory">The cluster's data directory; initialised when it has no PG_VERSION.</param>
    /// <param name="port">The TCP port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="logger">Where start and stop are logged.</param>
    /// <param name="binDirectory">The server binaries; null finds the newest under /usr/lib/postgresql.</param>
    /// <param name="password">The superuser's password (scram-sha-256); null keeps a random one in a 0600 file beside the data directory.</param>
    public LocalPostgres(string dataDirectory, int port = 0, ILogger<LocalPostgres>? logger = null, string? binDirectory = null, string? password = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Port = port;
        Password = password ?? KeptPassword(DataDirectory + ".password");
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _process = new PostgresProcess(binDirectory ?? PostgresProcess.FindBinDirectory(), Environment.IsPrivilegedProcess);
    }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The superuser's password: other users of the machine cannot connect without it.</summary>
    public string Password { get; }

    /// <summary>The TCP port the server listens on (known once started).</summary>
    public int Port { get; private set; }

    /// <summary>Initialises the cluster if needed, starts the server and creates the database if missing.</summary>
    /// <returns>A connection string to <paramref name="database"/> as the superuser over 127.0.0.1.</returns>
    public async Task<string> StartAsync(string database = "nmpi", CancellationToken cancellationToken = default)
    {
        PrepareDataDirectory();
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitDbAsync(cancellationToken).ConfigureAwait(false);
        }

        var running = RunningPostmasterPort();
        if (running is { } adoptedPort)
        {
            Port = adoptedPort;
            LogAdopted(_logger, DataDirectory, Port);
        }
        else
        {
            if (Port == 0)
            {
                Port = FreePort();
            }

            await StartServerAsync(cancellationToken).ConfigureAwait(false);
        }

        _running = true;
        await RequirePasswordsAsync(cancellationToken).ConfigureAwait(false);
        await CreateDatabaseIfMissingAsync(database, cancellationToken).ConfigureAwait(false);
        return ConnectionString(database);
    }

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> unless it exists; safe to race with another creator.</summary>
    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another starter created it first.
        }
    }

    /// <summary>Stops the server with a fast shutdown (open sessions are ended, data is flushed).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_running)
        {
            return;
        }

        await _process.RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken).ConfigureAwait(false);
        _running = false;
        NpgsqlConnection.ClearAllPools();
        LogStopped(_logger, DataDirectory);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static string KeptPassword(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    private void PrepareDataDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The local PostgreSQL runs on Linux and macOS only.");
        }

        Directory.CreateDirectory(DataDirectory);
        if (!_process.RunsAsPostgresUser)
        {
            File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        // The postgres user must reach its data directory through parents owned by root (e.g. /root, /tmp/x).
        for (var parent = Path.GetDirectoryName(DataDirectory); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent, mode | UnixFileMode.OtherExecute);
            }
        }

        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        RunChown(DataDirectory);
    }

    private static void RunChown(string path)
    {
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{PostgresProcess.OsUser}:{PostgresProcess.OsUser}", path]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown of {path} to {PostgresProcess.OsUser} failed with code {chown.ExitCode}.");
        }
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        LogInitDb(_logger, DataDirectory);
        var passwordFile = Path.Combine(Path.GetDirectoryName(DataDirectory)!, $".initdb-{Guid.NewGuid():N}");
        File.WriteAllText(passwordFile, Password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            if (_process.RunsAsPostgresUser)
            {
                RunChown(passwordFile);
            }

            await _process.RunAsync(
                "initdb",
                ["-D", DataDirectory, "-U", Superuser, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C", "--no-instructions"],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await WriteHbaAsync(cancellationToken).ConfigureAwait(false);
    }

    // Passwords on the unix socket and 127.0.0.1; nothing else may connect.
    private async Task WriteHbaAsync(CancellationToken cancellationToken)
    {
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(
            hba,
            "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n",
            cancellationToken).ConfigureAwait(false);
        if (_process.RunsAsPostgresUser)
        {
            RunChown(hba);
        }
    }

    /// <summary>A data directory made before passwords trusted every local user: give the superuser the password, then require it.</summary>
    private async Task RequirePasswordsAsync(CancellationToken cancellationToken)
    {
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        if (!(await File.ReadAllTextAsync(hba, cancellationToken).ConfigureAwait(false)).Contains(" trust", StringComparison.Ordinal))
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var literal = "'" + Password.Replace("'", "''", StringComparison.Ordinal) + "'";
            await using var alter = new NpgsqlCommand($"ALTER ROLE {Superuser} PASSWORD {literal}", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await WriteHbaAsync(cancellationToken).ConfigureAwait(false);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        NpgsqlConnection.ClearAllPools();
        LogPasswordsRequired(_logger, DataDirectory);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        await RemoveStalePidFileAsync(cancellationToken).ConfigureAwait(false);
        var options = string.Join(
            ' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {DataDirectory}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=200",
            "-c shared_buffers=128MB",
            // Durability is the point of the store: never run the tests on a weaker setting.
            "-c fsync=on");
        await _process.RunAsync(
            "pg_ctl",
            ["-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "-o", options, "start"],
            cancellationToken).ConfigureAwait(false);
        LogStarted(_logger, DataDirectory, Port);
    }

    /// <summary>The port of a live postmaster already serving this data directory, if any.</summary>
    private int? RunningPostmasterPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        if (lines.Length < 4 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) || !IsPostmasterOfDataDirectory(pid))
        {
            return null;
        }

        return int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>
    /// After a kill -9 the pid file outlives the server, and a reused pid would then block the start.
    /// The file goes only once no process of the old server works in the directory any more.
    /// </summary>
    private async Task RemoveStalePidFileAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault() ?? "";
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var survivors = ServerProcessesInDataDirectory();
        while (survivors.Count > 0)
        {
            // Orphaned backends of a killed postmaster exit once they notice it is gone.
            if (DateTime.UtcNow > giveUpAt)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL processes {string.Join(", ", survivors)} of a previous server still work in {DataDirectory}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            survivors = ServerProcessesInDataDirectory();
        }

        LogStalePid(_logger, DataDirectory, firstLine);
        File.Delete(pidFile);
    }

    private List<int> ServerProcessesInDataDirectory() =>
        Directory.GetDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsPostmasterOfDataDirectory(pid))
            .ToList();

    /// <summary>Whether <paramref name="pid"/> is a live postgres process working in this data directory.</summary>
    private bool IsPostmasterOfDataDirectory(int pid)
    {
        var proc = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var comm = File.ReadAllText($"{proc}/comm").Trim();
            // The server changes its working directory to the data directory.
            var cwd = Directory.ResolveLinkTarget($"{proc}/cwd", returnFinalTarget: false)?.FullName;
            return comm is "postgres" or "postmaster"
                && string.Equals(cwd, DataDirectory, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Initialising a PostgreSQL cluster in {DataDirectory}")]
    private static partial void LogInitDb(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL in {DataDirectory} listens on 127.0.0.1:{Port}")]
    private static partial void LogStarted(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL in {DataDirectory} already runs on port {Port}; using it")]
    private static partial void LogAdopted(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the stale postmaster.pid in {DataDirectory} (pid {Pid} is not a running server)")]
    private static partial void LogStalePid(ILogger logger, string dataDirectory, string pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL in {DataDirectory} trusted every local user; it now requires the superuser's password")]
    private static partial void LogPasswordsRequired(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL in {DataDirectory} stopped")]
    private static partial void LogStopped(ILogger logger, string dataDirectory);
}
