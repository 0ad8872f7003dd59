using System.Threading.Channels;
using Nmpi.GrainInterfaces.Jobs;
using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// Loads jobs for grain activations: loads asked for while a query is in flight are answered together by
/// the next one (<c>id = ANY(...)</c>), so a lease round activating dozens of job grains costs one query.
/// </summary>
public sealed class BatchedJobLoader : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly NpgsqlDataSource _db;
    private readonly string _columns;
    private readonly Func<NpgsqlDataReader, JobSnapshot> _read;
    private readonly Channel<(long Id, TaskCompletionSource<JobSnapshot?> Done)> _queue =
        Channel.CreateUnbounded<(long, TaskCompletionSource<JobSnapshot?>)>();

    private readonly Task[] _readers;

    public BatchedJobLoader(NpgsqlDataSource db, string columns, Func<NpgsqlDataReader, JobSnapshot> read, int readers = 2)
    {
        _db = db;
        _columns = columns;
        _read = read;
        _readers = Enumerable.Range(0, readers).Select(_ => Task.Run(ReadLoopAsync)).ToArray();
    }

    /// <summary>Loads one job (null when there is none), sharing the query with concurrent loads.</summary>
    public Task<JobSnapshot?> LoadAsync(long id)
    {
        var done = new TaskCompletionSource<JobSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((id, done)))
        {
            throw new ObjectDisposedException(nameof(BatchedJobLoader));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_readers);
    }

    private async Task ReadLoopAsync()
    {
        var batch = new List<(long Id, TaskCompletionSource<JobSnapshot?> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var load))
            {
                batch.Add(load);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var found = await QueryAsync(batch.Select(b => b.Id).Distinct().ToArray());
                foreach (var (id, done) in batch)
                {
                    done.TrySetResult(found.GetValueOrDefault(id));
                }
            }
            catch (Exception error)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(error);
                }
            }
        }
    }

    private async Task<Dictionary<long, JobSnapshot>> QueryAsync(long[] ids)
    {
        await using var command = _db.CreateCommand($"SELECT {_columns} FROM nmpi_jobs j WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync();
        var found = new Dictionary<long, JobSnapshot>(ids.Length);
        while (await reader.ReadAsync())
        {
            var job = _read(reader);
            found[job.Id] = job;
        }

        return found;
    }
}
