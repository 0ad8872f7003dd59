using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Storage.Grains;
using Npgsql;
using Orleans.Storage;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>The etag rules of the project's grain-storage queries, through the stock provider.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainStorageContractTests(PostgresFixture postgres)
{
    private const string StateName = "counter";

    [Fact]
    public async Task Write_WithStaleOrMissingEtag_IsRejectedAndKeepsTheStoredState()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("storage_etag");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.StorageName);
        var grainId = GrainId.Create("nmpi-test-counter", "etag");

        var writer = new CounterGrainState(new CounterState { Value = 1 });
        await storage.WriteStateAsync(StateName, grainId, writer);
        var noEtag = new CounterGrainState(new CounterState { Value = 10 });
        var staleEtag = new CounterGrainState(new CounterState { Value = 20 }) { ETag = "7" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, noEtag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, staleEtag));
        writer.State.Value = 2;
        await storage.WriteStateAsync(StateName, grainId, writer);
        var reader = new CounterGrainState(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, reader);

        Assert.Equal((2, "2", true), (reader.State.Value, reader.ETag, reader.RecordExists));
    }

    [Fact]
    public async Task Keys_WithAndWithoutExtension_AreDistinctRows()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("storage_keys");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.StorageName);
        var type = GrainType.Create("nmpi-test-counter");
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(5)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(5, "a")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(5, "b")),
            GrainId.Create(type, "five"),
        ];

        for (var i = 0; i < ids.Length; i++)
        {
            await storage.WriteStateAsync(StateName, ids[i], new CounterGrainState(new CounterState { Value = 100 + i }));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new CounterGrainState(new CounterState());
            await storage.ReadStateAsync(StateName, ids[i], read);
            Assert.Equal(100 + i, read.State.Value);
        }

        Assert.Equal(ids.Length, await CountRowsAsync(connectionString));
    }

    [Fact]
    public async Task Clear_WithDeleteStateOnClear_RemovesTheRowAndAllowsAFreshWrite()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("storage_delete");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.DeletingStorageName);
        var grainId = GrainId.Create("nmpi-test-counter", "delete");
        var state = new CounterGrainState(new CounterState { Value = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Equal(0, await CountRowsAsync(connectionString));
        await storage.WriteStateAsync(StateName, grainId, new CounterGrainState(new CounterState { Value = 3 }));
        Assert.Equal(1, await CountRowsAsync(connectionString));
    }

    [Fact]
    public async Task Clear_WithStaleEtag_IsRejected()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("storage_clear");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.StorageName);
        var grainId = GrainId.Create("nmpi-test-counter", "clear");
        await storage.WriteStateAsync(StateName, grainId, new CounterGrainState(new CounterState { Value = 1 }));
        var stale = new CounterGrainState(new CounterState()) { ETag = "9", RecordExists = true };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));
    }

    private static async Task<int> CountRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM orleans_grain_state", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private sealed class CounterGrainState(CounterState state) : IGrainState<CounterState>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public CounterState State { get; set; } = state;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
