using System.Text;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;
using NpgsqlTypes;

namespace Nmpi.Grains.Storage;

/// <summary>Turns a job query into a parameterized WHERE clause; values never enter the SQL text.</summary>
public sealed record JobFilterSql(string Where, IReadOnlyList<(string Name, object Value, NpgsqlDbType Type)> Parameters)
{
    /// <summary>Builds the filter of a listing.</summary>
    public static JobFilterSql Build(JobQuery query)
    {
        var where = new StringBuilder("TRUE");
        var parameters = new List<(string, object, NpgsqlDbType)>();

        void Add(string clause, string name, object value, NpgsqlDbType type)
        {
            where.Append(" AND ").Append(clause);
            parameters.Add((name, value, type));
        }

        if (query.VisibleCollabs is { } visible)
        {
            Add("collab = ANY(@visible)", "visible", visible.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        }

        if (!string.IsNullOrEmpty(query.Collab))
        {
            Add("collab = @collab", "collab", query.Collab, NpgsqlDbType.Text);
        }

        if (query.Statuses.Count > 0)
        {
            var names = query.Statuses.Select(JobStateMachine.Name).Distinct().ToArray();
            Add("status = ANY(@statuses)", "statuses", names, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
        else if (!query.IncludeRemoved)
        {
            where.Append(" AND status <> 'removed'");
        }

        if (!string.IsNullOrEmpty(query.Platform))
        {
            Add("platform = @platform", "platform", query.Platform, NpgsqlDbType.Text);
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            Add("tags <> '{}' AND tags @> ARRAY[@tag]::text[]", "tag", query.Tag, NpgsqlDbType.Text);
        }

        if (!string.IsNullOrEmpty(query.UserId))
        {
            Add("user_id = @user", "user", query.UserId, NpgsqlDbType.Text);
        }

        if (query.SubmittedAfter is { } after)
        {
            Add("submitted_at >= @after", "after", after, NpgsqlDbType.TimestampTz);
        }

        if (query.SubmittedBefore is { } before)
        {
            Add("submitted_at < @submittedBefore", "submittedBefore", before, NpgsqlDbType.TimestampTz);
        }

        return new JobFilterSql(where.ToString(), parameters);
    }
}
