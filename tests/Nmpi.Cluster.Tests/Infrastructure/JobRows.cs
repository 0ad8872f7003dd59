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
}
