using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PredecessorRetirementTests(PostgresFixture postgres)
{
    private const int Active = 3;

    [Fact]
    public async Task Retire_DeclaresDeadOnlyTheEarlierIncarnationsAtThisAddressAndPort_AndBumpsTheTableVersion()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateMigratedDatabaseAsync("retire"));
        var port = TestPorts.Next();
        var other = TestPorts.Next();
        await SeedAsync(dataSource, "c1", version: 7,
            ("127.0.0.1", port, 100, Active), ("127.0.0.1", port, 90, PredecessorRetirement.Dead), ("127.0.0.1", port, 80, Active),
            ("127.0.0.1", other, 100, Active), ("127.0.0.2", port, 100, Active));
        await SeedAsync(dataSource, "c2", version: 3, ("127.0.0.1", port, 100, Active));

        var retired = await PredecessorRetirement.RetireAsync(dataSource, "c1", "127.0.0.1", port, NullLogger.Instance);

        Assert.Equal([80, 100], retired);
        Assert.Equal(
            Sorted([("127.0.0.1", port, 80, PredecessorRetirement.Dead), ("127.0.0.1", port, 90, PredecessorRetirement.Dead), ("127.0.0.1", port, 100, PredecessorRetirement.Dead),
             ("127.0.0.1", other, 100, Active), ("127.0.0.2", port, 100, Active)]),
            await RowsAsync(dataSource, "c1"));
        Assert.Equal(8, await VersionAsync(dataSource, "c1"));
        Assert.Equal([("127.0.0.1", port, 100, Active)], await RowsAsync(dataSource, "c2"));
        Assert.Equal(3, await VersionAsync(dataSource, "c2"));

        // Nothing left to retire: the version (every live silo's etag) stays as it is.
        Assert.Empty(await PredecessorRetirement.RetireAsync(dataSource, "c1", "127.0.0.1", port, NullLogger.Instance));
        Assert.Equal(8, await VersionAsync(dataSource, "c1"));
    }

    [Fact]
    public async Task Retire_LeavesTheRowsAlone_WhenSomethingListensOnTheSiloPort()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateMigratedDatabaseAsync("retire_busy"));
        var port = TestPorts.Next();
        using var live = new TcpListener(IPAddress.Loopback, port);
        live.Start();
        await SeedAsync(dataSource, "c1", version: 2, ("127.0.0.1", port, 100, Active));

        var retired = await PredecessorRetirement.RetireAsync(dataSource, "c1", "127.0.0.1", port, NullLogger.Instance);

        Assert.Empty(retired);
        Assert.Equal([("127.0.0.1", port, 100, Active)], await RowsAsync(dataSource, "c1"));
        Assert.Equal(2, await VersionAsync(dataSource, "c1"));
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, string cluster, int version, params (string Address, int Port, int Generation, int Status)[] rows)
    {
        await using (var command = dataSource.CreateCommand("INSERT INTO orleans_membership_version (deployment_id, version) VALUES ($1, $2)"))
        {
            command.Parameters.AddWithValue(cluster);
            command.Parameters.AddWithValue(version);
            await command.ExecuteNonQueryAsync();
        }

        foreach (var (address, port, generation, status) in rows)
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                VALUES ($1, $2, $3, $4, 'silo', 'host', $5, 0, now(), now())
                """);
            command.Parameters.AddWithValue(cluster);
            command.Parameters.AddWithValue(address);
            command.Parameters.AddWithValue(port);
            command.Parameters.AddWithValue(generation);
            command.Parameters.AddWithValue(status);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<(string, int, int, int)>> RowsAsync(NpgsqlDataSource dataSource, string cluster)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT address, port, generation, status FROM orleans_membership WHERE deployment_id = $1");
        command.Parameters.AddWithValue(cluster);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return Sorted(rows);
    }

    private static List<(string, int, int, int)> Sorted(IEnumerable<(string, int, int, int)> rows) =>
        [.. rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2).ThenBy(r => r.Item3)];

    private static async Task<int> VersionAsync(NpgsqlDataSource dataSource, string cluster)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM orleans_membership_version WHERE deployment_id = $1");
        command.Parameters.AddWithValue(cluster);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
