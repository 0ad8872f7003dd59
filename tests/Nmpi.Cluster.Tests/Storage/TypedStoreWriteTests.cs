using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Grains.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Group-committed statements carry their own typed rows: nothing is read by position across statements.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TypedStoreWriteTests(PostgresFixture postgres)
{
    private static StoreStatement<(int Id, int Value)> Insert(int value) =>
        StoreStatement.Rows("INSERT INTO gc_rows (value) VALUES ($1) RETURNING id, value", row => (row.GetInt32(0), row.GetInt32(1)), value);

    private async Task<(NpgsqlDataSource Db, GroupCommitter Committer)> StartAsync()
    {
        var db = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("typed"));
        await using (var create = db.CreateCommand("CREATE TABLE gc_rows (id serial PRIMARY KEY, value int NOT NULL UNIQUE CHECK (value >= 0))"))
        {
            await create.ExecuteNonQueryAsync();
        }

        return (db, new GroupCommitter(db, Options.Create(new GroupCommitOptions { MaxBatch = 64, Writers = 2 }), NullLogger<GroupCommitter>.Instance));
    }

    [Fact]
    public async Task EveryStatementOfABatch_ReadsItsOwnRows_AsItsOwnType_EvenAfterAStatementThatReturnedNone()
    {
        var (db, committer) = await StartAsync();
        await using var _ = db;
        await using var __ = committer;
        var first = Insert(1);
        var none = StoreStatement.Rows("UPDATE gc_rows SET value = value WHERE value < 0 RETURNING value", row => row.GetInt32(0));
        var words = StoreStatement.Rows("SELECT w FROM unnest($1::text[]) AS u(w)", row => row.GetString(0), (object)new[] { "spike", "train" });
        var flag = StoreStatement.Rows("SELECT $1::boolean", row => row.GetBoolean(0), true);
        var other = new StoreWrite(Insert(2)) { QuotaRows = [] };

        // Both writes go into one transaction, the second one's rows after the first's.
        await committer.CommitAsync([new StoreWrite(first, none, words, flag), other]);

        Assert.Equal(1, Assert.Single(first.Rows).Value);
        Assert.Empty(none.Rows);
        Assert.Equal(["spike", "train"], words.Rows);
        Assert.True(Assert.Single(flag.Rows));
        Assert.Equal(2, Assert.Single(((StoreStatement<(int Id, int Value)>)other.Statements[0]).Rows).Value);
    }

    [Fact]
    public async Task TheRowsOfAWriteThatFailed_AreNeverReadable()
    {
        var (db, committer) = await StartAsync();
        await using var _ = db;
        await using var __ = committer;
        var (ran, broke) = (Insert(1), Insert(-1));
        var kept = Insert(2);

        // The first statement ran and returned a row before the second broke the transaction: that row never committed.
        var failed = committer.WriteAsync(new StoreWrite(ran, broke));
        var committed = committer.WriteAsync(kept);

        await Assert.ThrowsAsync<PostgresException>(() => failed);
        Assert.Throws<InvalidOperationException>(() => ran.Rows);
        Assert.Throws<InvalidOperationException>(() => broke.Rows);
        Assert.Equal(2, Assert.Single(await committed).Value);
    }

    [Fact]
    public async Task WritesRetriedOneByOne_AfterTheirBatchFailed_EachGetTheRowsOfTheirOwnCommit()
    {
        var (db, committer) = await StartAsync();
        await using var _ = db;
        await using var __ = committer;
        var statements = Enumerable.Range(0, 50).Select(i => Insert(i == 25 ? -1 : i)).ToList();
        var writes = statements.Select(s => new StoreWrite(s)).ToList();

        // What the committer does when a batch fails: the batch is rolled back whole, then each write runs alone.
        await Assert.ThrowsAsync<PostgresException>(() => committer.CommitAsync(writes));
        var failures = 0;
        foreach (var write in writes)
        {
            try
            {
                await committer.CommitAsync([write]);
            }
            catch (PostgresException)
            {
                failures++;
            }
        }

        Assert.Equal(1, failures);

        await using var read = db.CreateCommand("SELECT id, value FROM gc_rows");
        var stored = new Dictionary<int, int>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetInt32(1)] = reader.GetInt32(0);
            }
        }

        Assert.Equal(49, stored.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            if (i == 25)
            {
                Assert.Throws<InvalidOperationException>(() => statements[i].Rows);
                continue;
            }

            var row = Assert.Single(statements[i].Rows);
            Assert.Equal((stored[i], i), row);
        }
    }

    [Theory]
    [InlineData("UPDATE gc_rows SET value = 1")]
    [InlineData("INSERT INTO gc_rows (value) VALUES (1)")]
    [InlineData("DELETE FROM gc_rows")]
    public void AStatementThatReturnsNoResultSet_IsRefusedWhenWritten(string sql)
    {
        var refused = Assert.Throws<ArgumentException>(() => StoreStatement.Rows(sql, row => row.GetInt32(0)));
        Assert.Contains("RETURNING", refused.Message, StringComparison.Ordinal);
    }
}
