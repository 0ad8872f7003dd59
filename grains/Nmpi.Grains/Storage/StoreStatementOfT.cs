using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>A group-committed statement whose rows are read as <typeparamref name="TRow"/>; <see cref="Rows"/> once it committed.</summary>
public sealed class StoreStatement<TRow> : StoreStatement
{
    private readonly Func<NpgsqlDataReader, TRow> _row;
    private List<TRow>? _read;
    private IReadOnlyList<TRow>? _rows;

    internal StoreStatement(string sql, Func<NpgsqlDataReader, TRow> row, object?[] values)
        : base(sql, values)
    {
        ArgumentNullException.ThrowIfNull(row);
        _row = row;
    }

    /// <summary>The rows the statement returned in the transaction that committed it.</summary>
    public IReadOnlyList<TRow> Rows => _rows ?? throw new InvalidOperationException("The statement's write has not committed.");

    internal override async Task ReadAsync(NpgsqlDataReader reader)
    {
        var rows = new List<TRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(_row(reader));
        }

        _read = rows;
    }

    internal override void Publish() => _rows = _read;
}
