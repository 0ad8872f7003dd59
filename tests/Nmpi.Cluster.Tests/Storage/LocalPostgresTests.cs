using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>The private server of the local mode, in a data directory of its own (not the shared fixture).</summary>
[Collection(Infrastructure.PostgresCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class LocalPostgresTests
{
    [Fact]
    public async Task Start_AfterKill9_CleansTheStalePidFileAndKeepsTheData()
    {
        // A parent only root may enter, as /root is: the server user must still reach its directory.
        var parent = Directory.CreateTempSubdirectory("nmpi-local-pg-").FullName;
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var dataDirectory = Path.Combine(parent, "state", "pg");
        try
        {
            var first = new LocalPostgres(dataDirectory);
            var connectionString = await first.StartAsync("probe");
            await ExecuteAsync(connectionString, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            var killedPid = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
            NpgsqlConnection.ClearAllPools();

            using (var postmaster = Process.GetProcessById(killedPid))
            {
                postmaster.Kill();
            }

            await using var second = new LocalPostgres(dataDirectory);
            var restarted = await second.StartAsync("probe");

            Assert.True(File.Exists(pidFile));
            Assert.NotEqual(killedPid, int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture));
            Assert.Equal(42, await ScalarAsync(restarted, "SELECT v FROM kept"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Start_Twice_AdoptsTheRunningServer()
    {
        var parent = Directory.CreateTempSubdirectory("nmpi-local-pg-").FullName;
        try
        {
            await using var first = new LocalPostgres(Path.Combine(parent, "pg"));
            await first.StartAsync("one");
            var second = new LocalPostgres(Path.Combine(parent, "pg"));

            var connectionString = await second.StartAsync("two");

            Assert.Equal(first.Port, second.Port);
            Assert.Equal(1, await ScalarAsync(connectionString, "SELECT 1"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(parent, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
