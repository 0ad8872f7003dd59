using System.Diagnostics;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.LocalMode;

/// <summary>
/// L-3: the local PostgreSQL servers (local mode's, and the scripts' for tests and local clusters) once trusted every
/// user of the machine. Another local user connects as superuser without the password, as the review's attacker
/// would to read the signing keys; the server must refuse.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalPostgresPasswordTests
{
    [Fact]
    public async Task LocalModePostgres_ConnectingWithoutThePassword_IsRefused()
    {
        var root = Directory.CreateTempSubdirectory("nmpi-pg-auth-").FullName;
        var postgres = new LocalPostgres(Path.Combine(root, "data"), Infrastructure.PlatformHost.FreePort());
        try
        {
            var connectionString = await postgres.StartAsync("nmpi");

            await AssertRefusedAsync(new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString);
            await AssertRefusedAsync(new NpgsqlConnectionStringBuilder(connectionString) { Password = "guessed" }.ConnectionString);
            await AssertRefusedAsync(new NpgsqlConnectionStringBuilder(connectionString) { Host = postgres.DataDirectory, Password = null }.ConnectionString);
            await AssertAcceptedAsync(connectionString);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(postgres.DataDirectory));
        }
        finally
        {
            await postgres.StopAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ScriptPostgres_ConnectingWithoutThePassword_IsRefused_AndItsSocketDirectoryIsPrivate()
    {
        // As deploy/scripts/test-all.sh does: the script is given a fresh temporary directory of its own.
        var directory = Directory.CreateTempSubdirectory("nmpi-pg-script-").FullName;
        var script = Path.Combine(RepositoryRoot(), "deploy", "scripts", "postgres.sh");
        try
        {
            var printed = await RunAsync(script, "start", directory);
            var connectionString = printed.Trim().Split('=', 2)[1].Trim('\'');

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            await AssertRefusedAsync(new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString);
            await AssertRefusedAsync(new NpgsqlConnectionStringBuilder(connectionString) { Host = directory, Password = null }.ConnectionString);
            await AssertAcceptedAsync(connectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(script, "stop", directory);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task AssertRefusedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var e = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        // Refused for the credentials (28P01, or no password to send), not for anything else.
        Assert.True(
            e is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } || e.Message.Contains("password", StringComparison.OrdinalIgnoreCase),
            $"Expected a password refusal, got {e}");
    }

    private static async Task AssertAcceptedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        Assert.Equal("postgres", await command.ExecuteScalarAsync());
    }

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} {string.Join(' ', arguments)} failed: {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nmpi.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Nmpi.Orleans.sln) was not found above the test output.");
    }
}
