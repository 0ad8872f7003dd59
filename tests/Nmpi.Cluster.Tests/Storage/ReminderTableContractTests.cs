using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>The project's reminder queries through the stock provider: ring ranges, etags, deletes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReminderTableContractTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ReadRows_ByRingRange_ReturnExactlyTheGrainsInTheRangeIncludingWrapAround()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("reminder_ranges");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create("nmpi-test-ring", $"g{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "ring"));
        }

        var random = new Random(20261125);
        var ranges = new List<(uint Begin, uint End)>
        {
            (0, 0x4000_0000),            // plain
            (0x4000_0000, 0xC000_0000),  // crosses the signed boundary: wraps in signed order only
            (0xC000_0000, 0x4000_0000),  // wraps in unsigned order only
            (0x8000_0000, 0x8000_0000),  // begin = end: the whole ring
            (uint.MaxValue, 0),
        };
        ranges.AddRange(Enumerable.Range(0, 20).Select(_ => ((uint)random.NextInt64(0, 1L << 32), (uint)random.NextInt64(0, 1L << 32))));

        foreach (var (begin, end) in ranges)
        {
            var read = await table.ReadRows(begin, end);

            var expected = grains.Where(g => InRing(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order();
            Assert.Equal(expected, read.Reminders.Select(r => r.GrainId.ToString()).Order());
        }
    }

    [Fact]
    public async Task Rows_UpsertReadAndRemove_FollowTheEtag()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("reminder_rows");
        await using var silo = await TestSilo.StartAsync(connectionString, "nmpi-test-" + Guid.NewGuid().ToString("N")[..12]);
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("nmpi-test-ring", "rows");

        var firstEtag = await table.UpsertRow(Entry(grain, "a")) ?? throw new InvalidOperationException("no etag");
        var secondEtag = await table.UpsertRow(Entry(grain, "a", TimeSpan.FromDays(30))) ?? throw new InvalidOperationException("no etag");
        await table.UpsertRow(Entry(grain, "b"));
        var row = await table.ReadRow(grain, "a");
        var all = await table.ReadRows(grain);

        Assert.NotEqual(firstEtag, secondEtag);
        Assert.NotNull(row);
        Assert.Equal((secondEtag, TimeSpan.FromDays(30)), (row.ETag, row.Period));
        Assert.Equal(["a", "b"], all.Reminders.Select(r => r.ReminderName).Order());
        Assert.False(await table.RemoveRow(grain, "a", firstEtag));
        Assert.True(await table.RemoveRow(grain, "a", secondEtag));
        Assert.Null(await table.ReadRow(grain, "a"));
    }

    /// <summary>Orleans' ring range (begin, end]; begin = end is the whole ring.</summary>
    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UtcNow.AddHours(1),
        Period = period ?? TimeSpan.FromHours(1),
    };
}
