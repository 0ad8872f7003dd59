using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Storage.Grains;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Real silos on the stock Orleans ADO.NET providers, running the project's own queries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoNetProviderTests(PostgresFixture postgres)
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_Starts_AndItsMembershipRowIsActive()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("silo_start");
        var clusterId = UniqueClusterId();

        await using var silo = await TestSilo.StartAsync(connectionString, clusterId);

        var rows = await WaitForMembershipAsync(connectionString, clusterId, rows => rows.Any(r => r.Status == Active));
        var row = Assert.Single(rows);
        Assert.Equal((silo.SiloPort, silo.GatewayPort, Active), (row.Port, row.ProxyPort, row.Status));
        // The provider's UTC times land as the same instants, whatever the session's time zone.
        var skew = await ScalarAsync<double>(
            connectionString, "SELECT abs(extract(epoch FROM now() - i_am_alive_time))::float8 FROM orleans_membership");
        Assert.InRange(skew, 0, 120);
    }

    [Fact]
    public async Task SecondSilo_JoinsTheCluster_BothRowsActive()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("silo_join");
        var clusterId = UniqueClusterId();

        await using var first = await TestSilo.StartAsync(connectionString, clusterId);
        await using var second = await TestSilo.StartAsync(connectionString, clusterId);

        var rows = await WaitForMembershipAsync(
            connectionString, clusterId, rows => rows.Count(r => r.Status == Active) == 2);
        Assert.Equal(
            new[] { first.SiloPort, second.SiloPort }.Order(),
            rows.Where(r => r.Status == Active).Select(r => r.Port).Order());
    }

    [Fact]
    public async Task Silo_StoppedGracefully_IsMarkedDead()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("silo_stop");
        var clusterId = UniqueClusterId();
        var silo = await TestSilo.StartAsync(connectionString, clusterId);

        await silo.DisposeAsync();

        var rows = await WaitForMembershipAsync(connectionString, clusterId, rows => rows.All(r => r.Status == Dead));
        Assert.Equal(silo.SiloPort, Assert.Single(rows).Port);
    }

    [Fact]
    public async Task DefunctSilos_CleanedUp_LeaveOnlyTheLiveRows()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("silo_cleanup");
        var clusterId = UniqueClusterId();
        await using var live = await TestSilo.StartAsync(connectionString, clusterId);
        var gone = await TestSilo.StartAsync(connectionString, clusterId);
        await gone.DisposeAsync();
        await WaitForMembershipAsync(connectionString, clusterId, rows => rows.Any(r => r.Status == Dead));

        await live.Services.GetRequiredService<IMembershipTable>().CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        var row = Assert.Single(await ReadMembershipAsync(connectionString, clusterId));
        Assert.Equal((live.SiloPort, Active), (row.Port, row.Status));
    }

    [Fact]
    public async Task GrainState_WrittenBeforeRestart_ReadsBackAfterIt()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("grain_state");
        var clusterId = UniqueClusterId();

        await using (var before = await TestSilo.StartAsync(connectionString, clusterId))
        {
            var counter = before.Grains.GetGrain<ICounterGrain>("restart");
            await counter.Increment();
            Assert.Equal(2, await counter.Increment());
        }

        await using var after = await TestSilo.StartAsync(connectionString, clusterId);
        var reloaded = after.Grains.GetGrain<ICounterGrain>("restart");

        Assert.Equal(2, await reloaded.Get());
        Assert.Equal(3, await reloaded.Increment());
        Assert.Equal(3, await ScalarAsync<int>(connectionString, "SELECT version FROM orleans_grain_state"));
    }

    [Fact]
    public async Task GrainState_Cleared_StartsOverAfterRestart()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("grain_clear");
        var clusterId = UniqueClusterId();

        await using (var before = await TestSilo.StartAsync(connectionString, clusterId))
        {
            var counter = before.Grains.GetGrain<ICounterGrain>("clear");
            await counter.Increment();
            await counter.Clear();
        }

        await using var after = await TestSilo.StartAsync(connectionString, clusterId);
        var reloaded = after.Grains.GetGrain<ICounterGrain>("clear");

        Assert.Equal(0, await reloaded.Get());
        Assert.Equal(1, await reloaded.Increment());
        // Write (1), clear (2), write (3): the version chain continues across the clear.
        Assert.Equal(3, await ScalarAsync<int>(connectionString, "SELECT version FROM orleans_grain_state"));
    }

    [Fact]
    public async Task Reminder_Registered_IsStoredFiresAndFiresAgainAfterRestart()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("reminder");
        var clusterId = UniqueClusterId();
        var grainKey = Guid.NewGuid().ToString("N");
        const string Name = "wake";

        await using (var before = await TestSilo.StartAsync(connectionString, clusterId))
        {
            var tick = ReminderProbe.NextTick(grainKey, Name);
            await before.Grains.GetGrain<IReminderProbeGrain>(grainKey).Register(Name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

            Assert.Equal(1L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM orleans_reminders"));
            await tick.WaitAsync(Deadline);
        }

        ReminderProbe.Reset(grainKey, Name);
        var tickAfterRestart = ReminderProbe.NextTick(grainKey, Name);
        await using var after = await TestSilo.StartAsync(connectionString, clusterId);

        // Nothing activates the grain now: only the reminder read back from the table can.
        await tickAfterRestart.WaitAsync(Deadline);

        await after.Grains.GetGrain<IReminderProbeGrain>(grainKey).Unregister(Name);
        Assert.Equal(0L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM orleans_reminders"));
    }

    private static string UniqueClusterId() => "nmpi-test-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls the membership table until <paramref name="done"/> holds or the deadline passes.</summary>
    private static async Task<List<MembershipRow>> WaitForMembershipAsync(
        string connectionString, string clusterId, Func<List<MembershipRow>, bool> done)
    {
        var giveUpAt = DateTime.UtcNow + Deadline;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var rows = await ReadMembershipAsync(connectionString, clusterId);
            if (done(rows))
            {
                return rows;
            }

            if (DateTime.UtcNow > giveUpAt)
            {
                Assert.Fail($"Membership of {clusterId} did not reach the expected state: {string.Join(", ", rows)}");
            }

            await poll.WaitForNextTickAsync();
        }
    }

    private static async Task<List<MembershipRow>> ReadMembershipAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port, proxy_port, status FROM orleans_membership WHERE deployment_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return rows;
    }

    private sealed record MembershipRow(int Port, int ProxyPort, int Status);
}
