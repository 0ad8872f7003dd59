using Nmpi.Silo.Storage;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, in a temporary directory, that the test stops and starts again on the
/// same port (the shared server must never be stopped).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgres(string directory, LocalPostgres server, string connectionString)
    {
        _directory = directory;
        Server = server;
        ConnectionString = connectionString;
    }

    /// <summary>The server, to stop and start.</summary>
    public LocalPostgres Server { get; }

    /// <summary>A connection string to its database "postgres".</summary>
    public string ConnectionString { get; }

    /// <summary>Initialises and starts a new server.</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("nmpi-private-pg-").FullName;
        var server = new LocalPostgres(Path.Combine(directory, "data"));
        var connectionString = await server.StartAsync("postgres");
        return new PrivatePostgres(directory, server, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
