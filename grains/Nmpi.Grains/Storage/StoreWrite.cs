namespace Nmpi.Grains.Storage;

/// <summary>
/// Statements that must commit together; the group committer runs many of these in one transaction. Each statement
/// carries its own typed rows (<see cref="StoreStatement{TRow}.Rows"/>), readable once <see cref="Completion"/> is done.
/// </summary>
public sealed class StoreWrite
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoreWrite(params StoreStatement[] statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Length == 0)
        {
            throw new ArgumentException("A write needs at least one statement.", nameof(statements));
        }

        Statements = statements;
    }

    /// <summary>The statements, in order.</summary>
    public IReadOnlyList<StoreStatement> Statements { get; }

    /// <summary>
    /// The quota rows (collab, platform) the statements lock. A batch runs its writes that name none first, then locks
    /// the quota rows of all its other writes in one order before running them, so two batches committing at once
    /// never each hold a row the other waits for.
    /// </summary>
    public IReadOnlyList<(string Collab, string Platform)> QuotaRows { get; init; } = [];

    /// <summary>Completes after the commit; the statements' rows are then readable.</summary>
    public Task Completion => _done.Task;

    internal void Succeed()
    {
        foreach (var statement in Statements)
        {
            statement.Publish();
        }

        _done.TrySetResult();
    }

    internal void Fail(Exception error) => _done.TrySetException(error);
}
