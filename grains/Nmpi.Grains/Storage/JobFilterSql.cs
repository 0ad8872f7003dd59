using System.Text;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;
using NpgsqlTypes;

namespace Nmpi.Grains.Storage;

/// <summary>
/// Turns a job query's filters into a parameterized WHERE clause; values never enter the SQL text. Which collabs
/// a listing covers is not part of it: the listing scans each collab's own range of the jobs' collab index
/// (see <see cref="JobStore.ListAsync"/> and <see cref="Scope"/>).
/// </summary>
public sealed record JobFilterSql(string Where, IReadOnlyList<(string Name, object Value, NpgsqlDbType Type)> Parameters)
{
    /// <summary>
    /// The collabs a listing covers, or null for all of them (an administrator listing without a collab): the
    /// asked-for collab if the caller may view it, else the viewable ones.
    /// </summary>
    public static IReadOnlyList<string>? Scope(JobQuery query)
    {
        if (!string.IsNullOrEmpty(query.Collab))
        {
            return query.VisibleCollabs is null || query.VisibleCollabs.Contains(query.Collab, StringComparer.Ordinal) ? [query.Collab] : [];
        }

        return query.VisibleCollabs;
    }

    /// <summary>Builds the filter of a listing, its collabs left out.</summary>
    public static JobFilterSql Build(JobQuery query)
    {
        var where = new StringBuilder("TRUE");
        var parameters = new List<(string, object, NpgsqlDbType)>();

        void Add(string clause, string name, object value, NpgsqlDbType type)
        {
            where.Append(" AND ").Append(clause);
            parameters.Add((name, value, type));
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
