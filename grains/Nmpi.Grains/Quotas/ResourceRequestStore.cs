using System.Text.Json;
using Nmpi.GrainInterfaces.Quotas;
using Npgsql;
using NpgsqlTypes;

namespace Nmpi.Grains.Quotas;

/// <summary>The resource requests table; a decision and the quotas it grants commit in one transaction.</summary>
public sealed class ResourceRequestStore(NpgsqlDataSource db)
{
    private const string Columns =
        "id, collab, title, abstract, status, requested::text, granted::text, expires_at, requested_by, created_at, " +
        "submitted_at, decided_at, decided_by, decision_note, version";

    /// <summary>Stores a new request in preparation and returns it with its id.</summary>
    public async Task<ResourceRequest> InsertAsync(ResourceRequestDraft draft, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var command = db.CreateCommand(
            $"""
            INSERT INTO nmpi_resource_requests (collab, title, abstract, status, requested, requested_by, created_at)
            VALUES ($1, $2, $3, 'in_preparation', $4::jsonb, $5, $6)
            RETURNING {Columns}
            """);
        Add(command, draft.Collab, draft.Title.Trim(), draft.Abstract, Json(draft.Requested), by, now);
        return (await ReadAllAsync(command))[0];
    }

    /// <summary>The request, or null.</summary>
    public async Task<ResourceRequest?> LoadAsync(long id)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM nmpi_resource_requests WHERE id = $1");
        Add(command, id);
        var found = await ReadAllAsync(command);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Writes the request if nobody changed it since it was read; on acceptance also grants its quotas.</summary>
    public async Task<bool> SaveAsync(ResourceRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand(
            """
            UPDATE nmpi_resource_requests
               SET title = $2, abstract = $3, status = $4, requested = $5::jsonb, granted = $6::jsonb, expires_at = $7,
                   submitted_at = $8, decided_at = $9, decided_by = $10, decision_note = $11, version = version + 1
             WHERE id = $1 AND version = $12
            """, connection, transaction))
        {
            Add(update, request.Id, request.Title, request.Abstract, ResourceRequestRules.Name(request.Status), Json(request.Requested),
                request.Granted is null ? null : Json(request.Granted), request.ExpiresAt, request.SubmittedAt, request.DecidedAt,
                request.DecidedBy, request.DecisionNote, request.Version);
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        if (request.Status == ResourceRequestStatus.Accepted)
        {
            foreach (var (platform, amount) in request.Granted ?? new Dictionary<string, decimal>())
            {
                // Acceptance tops up the limit; usage so far stays counted, and the decision's expiry applies.
                await using var grant = new NpgsqlCommand(
                    """
                    INSERT INTO nmpi_quotas AS q (collab, platform, limit_amount, expires_at, source, granted_by, created_at, updated_at)
                    VALUES ($1, $2, $3::numeric, $4, 'request', $5, $6, $6)
                    ON CONFLICT (collab, platform) DO UPDATE
                       SET limit_amount = q.limit_amount + EXCLUDED.limit_amount, expires_at = EXCLUDED.expires_at,
                           source = 'request', granted_by = EXCLUDED.granted_by, updated_at = EXCLUDED.updated_at
                    """, connection, transaction);
                Add(grant, request.Collab, platform, amount, request.ExpiresAt, $"request {request.Id} ({request.DecidedBy})", now);
                await grant.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Deletes the request if nobody changed it since it was read and it is still in preparation.</summary>
    public async Task<bool> DeleteAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = db.CreateCommand("DELETE FROM nmpi_resource_requests WHERE id = $1 AND version = $2 AND status = $3");
        Add(command, request.Id, request.Version, ResourceRequestRules.Name(ResourceRequestStatus.InPreparation));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>One page of requests, newest first.</summary>
    public async Task<IReadOnlyList<ResourceRequest>> ListAsync(ResourceRequestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = db.CreateCommand(
            $"""
            SELECT {Columns} FROM nmpi_resource_requests
             WHERE ($1::text[] IS NULL OR collab = ANY ($1::text[]))
               AND ($2::text IS NULL OR collab = $2::text)
               AND ($3::text IS NULL OR status = $3::text)
               AND ($4::bigint IS NULL OR id < $4::bigint)
             ORDER BY id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.VisibleCollabs?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Collab ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = query.Status is { } status ? ResourceRequestRules.Name(status) : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.BeforeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(query.PageSize, 1, 500) });
        return await ReadAllAsync(command);
    }

    private static async Task<List<ResourceRequest>> ReadAllAsync(NpgsqlCommand command)
    {
        var requests = new List<ResourceRequest>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            requests.Add(new ResourceRequest
            {
                Id = reader.GetInt64(0),
                Collab = reader.GetString(1),
                Title = reader.GetString(2),
                Abstract = reader.GetString(3),
                Status = ResourceRequestRules.Parse(reader.GetString(4)),
                Requested = Amounts(reader.GetString(5)),
                Granted = reader.IsDBNull(6) ? null : Amounts(reader.GetString(6)),
                ExpiresAt = Optional(reader, 7),
                RequestedBy = reader.GetString(8),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
                SubmittedAt = Optional(reader, 10),
                DecidedAt = Optional(reader, 11),
                DecidedBy = reader.IsDBNull(12) ? null : reader.GetString(12),
                DecisionNote = reader.IsDBNull(13) ? null : reader.GetString(13),
                Version = reader.GetInt64(14),
            });
        }

        return requests;
    }

    private static DateTimeOffset? Optional(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string Json(IReadOnlyDictionary<string, decimal> amounts) =>
        JsonSerializer.Serialize(new Dictionary<string, decimal>(amounts, StringComparer.Ordinal), QuotaJsonContext.Default.DictionaryStringDecimal);

    private static Dictionary<string, decimal> Amounts(string json) =>
        JsonSerializer.Deserialize(json, QuotaJsonContext.Default.DictionaryStringDecimal) ?? [];

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
