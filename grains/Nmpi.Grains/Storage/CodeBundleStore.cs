using System.Text.Json;
using Nmpi.GrainInterfaces.Code;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.Storage;

/// <summary>
/// The code bundles table. Bundles are created a few times per user run, not thousands of times a second,
/// so each insert is its own transaction rather than a group commit.
/// </summary>
public sealed class CodeBundleStore(NpgsqlDataSource db)
{
    private const string Columns = "id, collab, created_by, created_at, files::text";

    /// <summary>Inserts the bundle unless its id is taken, and returns the stored row (the earlier one when it was).</summary>
    public async Task<CodeBundle> InsertAsync(CodeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        await using (var insert = db.CreateCommand(
            """
            INSERT INTO nmpi_code_bundles (id, collab, created_by, created_at, file_count, total_size, files)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
            ON CONFLICT (id) DO NOTHING
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = bundle.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)bundle.Collab ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = bundle.CreatedBy });
            insert.Parameters.Add(new NpgsqlParameter { Value = bundle.CreatedAt });
            insert.Parameters.Add(new NpgsqlParameter { Value = bundle.Files.Count });
            insert.Parameters.Add(new NpgsqlParameter { Value = bundle.TotalSize });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize([.. bundle.Files], CodeJsonContext.Default.ListCodeFile) });
            await insert.ExecuteNonQueryAsync();
        }

        // A separate statement: it sees a row a concurrent insert committed, which the INSERT's own snapshot would not.
        return await LoadAsync(bundle.Id) ?? throw new InvalidOperationException($"Code bundle {bundle.Id} was inserted but cannot be read back.");
    }

    /// <summary>Loads a bundle, or null when none has this id.</summary>
    public async Task<CodeBundle?> LoadAsync(string id)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM nmpi_code_bundles WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new CodeBundle
        {
            Id = reader.GetString(0),
            Collab = reader.IsDBNull(1) ? null : reader.GetString(1),
            CreatedBy = reader.GetString(2),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(3),
            Files = JsonSerializer.Deserialize(reader.GetString(4), CodeJsonContext.Default.ListCodeFile)
                ?? throw new InvalidDataException($"Code bundle {id} has no file list."),
        };
    }
}
