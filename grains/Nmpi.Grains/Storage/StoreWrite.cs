using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// Statements that must commit together, each ending in RETURNING so it yields exactly one result set;
/// the group committer runs many of these in one transaction.
/// </summary>
public sealed class StoreWrite
{
    private readonly TaskCompletionSource<IReadOnlyList<IReadOnlyList<object?[]>>> _done =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoreWrite(params NpgsqlBatchCommand[] commands)
    {
        if (commands.Length == 0)
        {
            throw new ArgumentException("A write needs at least one statement.", nameof(commands));
        }

        Commands = commands;
    }

    /// <summary>The statements, in order.</summary>
    public IReadOnlyList<NpgsqlBatchCommand> Commands { get; }

    /// <summary>
    /// The quota rows (collab, platform) the statements lock. A batch runs its writes that name none first, then locks
    /// the quota rows of all its other writes in one order before running them, so two batches committing at once
    /// never each hold a row the other waits for.
    /// </summary>
    public IReadOnlyList<(string Collab, string Platform)> QuotaRows { get; init; } = [];

    /// <summary>Completes after the commit with the rows each statement returned.</summary>
    public Task<IReadOnlyList<IReadOnlyList<object?[]>>> Completion => _done.Task;

    internal void Succeed(IReadOnlyList<IReadOnlyList<object?[]>> rows) => _done.TrySetResult(rows);

    internal void Fail(Exception error) => _done.TrySetException(error);

    /// <summary>A statement with positional parameters ($1, $2, ...).</summary>
    public static NpgsqlBatchCommand Statement(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
