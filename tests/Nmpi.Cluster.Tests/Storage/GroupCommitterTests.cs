using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Grains.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

[Collection("postgres")]
public sealed class GroupCommitterTests(PostgresFixture postgres)
{
    private static StoreStatement<(int Id, int Value)> Insert(int value) =>
        StoreStatement.Rows("INSERT INTO gc_rows (value) VALUES ($1) RETURNING id, value", row => (row.GetInt32(0), row.GetInt32(1)), value);

    private static async Task<(NpgsqlDataSource Db, GroupCommitter Committer)> StartAsync(string connectionString)
    {
        var db = NpgsqlDataSource.Create(connectionString);
        await using (var create = db.CreateCommand("CREATE TABLE gc_rows (id serial PRIMARY KEY, value int NOT NULL UNIQUE CHECK (value >= 0))"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var committer = new GroupCommitter(db, Options.Create(new GroupCommitOptions { MaxBatch = 64, Writers = 2 }), NullLogger<GroupCommitter>.Instance);
        return (db, committer);
    }

    private static async Task<List<int>> ValuesAsync(NpgsqlDataSource db)
    {
        await using var read = db.CreateCommand("SELECT value FROM gc_rows ORDER BY value");
        await using var reader = await read.ExecuteReaderAsync();
        var values = new List<int>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt32(0));
        }

        return values;
    }

    [Fact]
    public async Task ConcurrentWrites_AreAllCommitted_AndEachGetsItsOwnRows()
    {
        var (db, committer) = await StartAsync(await postgres.CreateDatabaseAsync("gc"));
        await using var _ = db;
        await using var __ = committer;

        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => committer.WriteAsync(Insert(i))));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i, Assert.Single(results[i]).Value);
        }

        Assert.Equal(Enumerable.Range(0, 2000), await ValuesAsync(db));
    }

    [Fact]
    public async Task AFailingWrite_FailsAlone_WhileItsNeighboursCommit()
    {
        var (db, committer) = await StartAsync(await postgres.CreateDatabaseAsync("gc"));
        await using var _ = db;
        await using var __ = committer;

        var writes = Enumerable.Range(0, 200).Select(i => committer.WriteAsync(Insert(i == 100 ? -1 : i))).ToList();
        var outcome = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (PostgresException)
            {
                return false;
            }
        }));

        Assert.Equal(199, outcome.Count(ok => ok));
        Assert.False(outcome[100]);
        Assert.Equal(Enumerable.Range(0, 200).Where(i => i != 100), await ValuesAsync(db));
    }

    [Fact]
    public async Task AMultiStatementWrite_CommitsWhole_OrNotAtAll()
    {
        var (db, committer) = await StartAsync(await postgres.CreateDatabaseAsync("gc"));
        await using var _ = db;
        await using var __ = committer;

        var broken = new StoreWrite(Insert(1), Insert(-5));
        var whole = new StoreWrite(Insert(2), Insert(3));

        var failed = committer.WriteAsync(broken);
        var committed = committer.WriteAsync(whole);

        await Assert.ThrowsAsync<PostgresException>(() => failed);
        await committed;
        Assert.Equal([2, 3], whole.Statements.Select(s => Assert.Single(((StoreStatement<(int Id, int Value)>)s).Rows).Value));
        Assert.Equal([2, 3], await ValuesAsync(db));
    }

    [Fact]
    public async Task Batches_LockingTheSameQuotaRowsInOppositeOrders_NeverDeadlock()
    {
        var (db, committer) = await StartAsync(await postgres.CreateDatabaseAsync("gc"));
        await using var _ = db;
        await using var __ = committer;
        await using (var quotas = db.CreateCommand(
            "CREATE TABLE nmpi_quotas (collab text, platform text, PRIMARY KEY (collab, platform)); INSERT INTO nmpi_quotas VALUES ('a', 'Spikey'), ('b', 'Spikey')"))
        {
            await quotas.ExecuteNonQueryAsync();
        }

        // Each write locks its quota row (as an admission or a charge does), the first of each batch then waits a
        // second: without one lock order the batches would each hold one row and wait for the other's.
        static StoreWrite Locking(string collab, double pause) => new(
            StoreStatement.Rows("SELECT 1 FROM nmpi_quotas WHERE collab = $1 AND platform = 'Spikey' FOR UPDATE", _ => true, collab),
            StoreStatement.Rows("SELECT pg_sleep($1)", _ => true, pause))
        { QuotaRows = [(collab, "Spikey")] };

        await Task.WhenAll(
            committer.CommitAsync([Locking("a", 1), Locking("b", 0)]),
            committer.CommitAsync([Locking("b", 1), Locking("a", 0)]));

        await using var deadlocks = db.CreateCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        Assert.Equal(0L, (long)(await deadlocks.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task WritesWithoutQuotaRows_RunBeforeTheQuotaLock_AndEveryWriteGetsItsOwnRows()
    {
        var (db, committer) = await StartAsync(await postgres.CreateDatabaseAsync("gc"));
        await using var _ = db;
        await using var __ = committer;
        await using (var quotas = db.CreateCommand(
            "CREATE TABLE nmpi_quotas (collab text, platform text, PRIMARY KEY (collab, platform)); INSERT INTO nmpi_quotas VALUES ('a', 'Spikey')"))
        {
            await quotas.ExecuteNonQueryAsync();
        }

        static StoreStatement<(string Name, DateTime At)> Stamp(string name) =>
            StoreStatement.Rows("SELECT $1::text, clock_timestamp()", row => (row.GetString(0), row.GetFieldValue<DateTime>(1)), name);

        // Another transaction holds the quota row until the batch waits for it: the plain writes must not wait behind it.
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT 1 FROM nmpi_quotas WHERE collab = 'a' FOR UPDATE", holder, hold))
        {
            await take.ExecuteNonQueryAsync();
        }

        var stamps = new[] { Stamp("q1"), Stamp("p1"), Stamp("q2"), Stamp("p2") };
        var writes = stamps.Select((stamp, i) => new StoreWrite(stamp) { QuotaRows = i % 2 == 0 ? [("a", "Spikey")] : [] }).ToArray();
        var commit = committer.CommitAsync(writes);
        await Eventually.HoldsAsync(
            async () =>
            {
                await using var waiting = db.CreateCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
                return (long)(await waiting.ExecuteScalarAsync())! == 1;
            },
            TimeSpan.FromSeconds(60),
            "the batch to wait for the quota row");
        DateTime released;
        await using (var clock = new NpgsqlCommand("SELECT clock_timestamp()", holder, hold))
        {
            released = (DateTime)(await clock.ExecuteScalarAsync())!;
        }

        await hold.CommitAsync();
        await commit;

        await Task.WhenAll(writes.Select(w => w.Completion));
        Assert.Equal(["q1", "p1", "q2", "p2"], stamps.Select(s => Assert.Single(s.Rows).Name));
        var at = stamps.Select(s => s.Rows[0].At).ToArray();
        Assert.True(at[1] < released && at[3] < released, $"plain writes at {at[1]:O} and {at[3]:O}, quota row released at {released:O}");
        Assert.True(at[0] > released && at[2] > released, $"quota writes at {at[0]:O} and {at[2]:O}, quota row released at {released:O}");
    }
}
