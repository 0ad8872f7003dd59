using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// One statement of a group-committed write: its SQL over its own positional parameters ($1, $2, ...) and how its
/// returned rows are read. It must yield a result set (a SELECT, or a change ending in RETURNING), so the committer
/// can hand each statement its own rows; no statement reads another's parameters or rows.
/// </summary>
public abstract class StoreStatement
{
    private readonly object?[] _values;

    private protected StoreStatement(string sql, object?[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var text = sql.TrimStart();
        if (!text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && !text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("RETURNING", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("A group-committed statement must return a result set: a SELECT, or end in RETURNING.", nameof(sql));
        }

        Sql = sql;
        _values = values;
    }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>A statement whose returned rows are each read into a <typeparamref name="TRow"/>.</summary>
    public static StoreStatement<TRow> Rows<TRow>(string sql, Func<NpgsqlDataReader, TRow> row, params object?[] values) =>
        new(sql, row, values);

    // A write retried after a failed batch runs again in a new one: every attempt gets a fresh command.
    internal NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var value in _values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Reads the result set the reader stands on, which is this statement's.</summary>
    internal abstract Task ReadAsync(NpgsqlDataReader reader);

    /// <summary>Makes the rows read in the transaction that committed visible to the caller.</summary>
    internal abstract void Publish();
}
