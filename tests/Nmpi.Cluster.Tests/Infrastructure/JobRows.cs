using Grpc.Core;
using Nmpi.Api.V1;
using Npgsql;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>Looks at jobs as they are stored (PostgreSQL directly) and as a user lists them (gRPC).</summary>
public static class JobRows
{
    /// <summary>How many of the jobs have a row matching the SQL condition (a constant text of the test).</summary>
    public static async Task<long> CountAsync(string connectionString, long[] ids, string condition = "true")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"SELECT count(*) FROM nmpi_jobs WHERE id = ANY(@ids) AND {condition}", connection);
        query.Parameters.AddWithValue("ids", ids);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>Every job of the collab the user may see, page by page.</summary>
    public static async Task<Dictionary<long, Job>> ListAllAsync(Jobs.JobsClient client, string collab = "neuro")
    {
        ArgumentNullException.ThrowIfNull(client);
        var jobs = new Dictionary<long, Job>();
        var request = new ListJobsRequest { Collab = collab, PageSize = 500 };
        do
        {
            var page = await client.ListJobsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
            foreach (var job in page.Jobs)
            {
                jobs[job.Id] = job;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return jobs;
    }

    /// <summary>The stored state of up to 20 of the jobs matching the condition, one line each, for failure messages.</summary>
    public static async Task<string> DescribeAsync(string connectionString, long[] ids, string condition)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"""
            SELECT id, status, coalesce(adapter_id, '-'), lease_epoch, coalesce(due_at - now(), interval '0'), version,
                   (SELECT count(*) FROM nmpi_jobs WHERE id = ANY(@ids) AND {condition})
              FROM nmpi_jobs WHERE id = ANY(@ids) AND {condition} ORDER BY id LIMIT 20
            """,
            connection);
        query.Parameters.AddWithValue("ids", ids);
        await using var reader = await query.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            if (lines.Count == 0)
            {
                lines.Add($"{reader.GetInt64(6)} jobs where {condition}, the first of them:");
            }

            lines.Add($"  job {reader.GetInt64(0)}: {reader.GetString(1)}, adapter {reader.GetString(2)}, epoch {reader.GetInt64(3)}, due in {reader.GetTimeSpan(4)}, version {reader.GetInt64(5)}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
