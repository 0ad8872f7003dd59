using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// Group commit: writes queued while a transaction is in flight are committed together in the next one,
/// so many grains share one fsync; each caller completes only after its write is durable.
/// </summary>
public sealed partial class GroupCommitter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly ILogger<GroupCommitter> _log;
    private readonly int _maxBatch;
    private readonly Channel<StoreWrite> _queue = Channel.CreateUnbounded<StoreWrite>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Task[] _writers;

    public GroupCommitter(NpgsqlDataSource db, IOptions<GroupCommitOptions> options, ILogger<GroupCommitter> log)
    {
        _db = db;
        _log = log;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
        _writers = Enumerable.Range(0, Math.Max(1, options.Value.Writers))
            .Select(_ => Task.Run(WriteLoopAsync))
            .ToArray();
    }

    /// <summary>Queues the write and completes after it committed; its statements' rows are then readable.</summary>
    public Task WriteAsync(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(GroupCommitter));
        }

        return write.Completion;
    }

    /// <summary>Commits one statement as a write of its own and returns its rows.</summary>
    public async Task<IReadOnlyList<TRow>> WriteAsync<TRow>(StoreStatement<TRow> statement)
    {
        await WriteAsync(new StoreWrite(statement));
        return statement.Rows;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<StoreWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitRetryingDeadlocksAsync(batch);
            }
            catch (Exception error) when (batch.Count > 1)
            {
                // One bad statement must not fail its neighbours: retry each write on its own.
                LogBatchFailed(batch.Count, error);
                foreach (var write in batch)
                {
                    try
                    {
                        await CommitRetryingDeadlocksAsync([write]);
                    }
                    catch (Exception single)
                    {
                        write.Fail(single);
                    }
                }
            }
            catch (Exception error)
            {
                batch[0].Fail(error);
            }
        }
    }

    // Batches committing at once may lock the same rows (a quota, for one) in different orders; PostgreSQL then aborts
    // one transaction whole, so running it again is safe and almost always succeeds.
    private async Task CommitRetryingDeadlocksAsync(IReadOnlyList<StoreWrite> writes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitAsync(writes);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt));
            }
        }
    }

    internal async Task CommitAsync(IReadOnlyList<StoreWrite> writes)
    {
        // A batch without an explicit transaction runs in one implicit transaction (a single Sync):
        // all statements commit together or none does, in one round trip instead of three.
        await using var connection = await _db.OpenConnectionAsync();
        await using var npgsqlBatch = new NpgsqlBatch(connection);

        // Writes that lock no quota row run first; the quota rows are locked after them, so a batch holds those
        // hot rows (every submit and charge of a collab updates its row) only for its quota writes and the commit.
        var plain = writes.Where(w => w.QuotaRows.Count == 0).ToList();
        var locking = writes.Where(w => w.QuotaRows.Count > 0).ToList();
        var statements = plain.SelectMany(w => w.Statements).ToList();
        if (locking.Count > 0)
        {
            // Every batch takes its quota row locks in the order of this one statement, before any quota write.
            var quotaRows = locking.SelectMany(w => w.QuotaRows).Distinct().ToList();
            statements.Add(StoreStatement.Rows(
                """
                SELECT 1 FROM nmpi_quotas q JOIN unnest($1::text[], $2::text[]) AS k(collab, platform)
                    ON q.collab = k.collab AND q.platform = k.platform
                 ORDER BY q.collab, q.platform FOR UPDATE OF q
                """,
                _ => true,
                quotaRows.Select(r => r.Collab).ToArray(), quotaRows.Select(r => r.Platform).ToArray()));
            statements.AddRange(locking.SelectMany(w => w.Statements));
        }

        statements.ForEach(statement => npgsqlBatch.BatchCommands.Add(statement.ToCommand()));
        var read = 0;
        await using (var reader = await npgsqlBatch.ExecuteReaderAsync())
        {
            // Result sets come in statement order, one per statement: each statement reads its own.
            do
            {
                if (read == statements.Count)
                {
                    throw new InvalidOperationException($"The batch of {statements.Count} statements returned more result sets.");
                }

                await statements[read++].ReadAsync(reader);
            }
            while (await reader.NextResultAsync());
        }

        if (read != statements.Count)
        {
            throw new InvalidOperationException(
                $"Expected {statements.Count} result sets, got {read}: every statement needs RETURNING.");
        }

        plain.ForEach(write => write.Succeed());
        locking.ForEach(write => write.Succeed());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Count} writes failed; retrying them one by one")]
    private partial void LogBatchFailed(int count, Exception error);
}
