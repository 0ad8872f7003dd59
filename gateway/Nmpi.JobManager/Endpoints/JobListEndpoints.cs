using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>A collab's jobs, newest first, filtered and paged on the server by ListJobs; the rows alone for live updates.</summary>
internal static class JobListEndpoints
{
    public const int PageSize = 20;

    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/collabs/{collab}/jobs", ListAsync);
        app.MapGet("/collabs/{collab}/jobs/rows", RowsAsync);
        JobListChangesEndpoint.Map(app);
    }

    /// <summary>The filter of the request's query string.</summary>
    public static JobFilter FilterOf(HttpRequest request)
    {
        var query = request.Query;
        return new JobFilter(query["status"].ToString(), query["platform"].ToString(), query["tag"].ToString().Trim(), query["page"].ToString(),
            query["user"].ToString().Trim(), query["from"].ToString().Trim(), query["to"].ToString().Trim());
    }

    private static async Task<IResult> ListAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var filter = FilterOf(http.Request);
        var info = await platform.CollabsAsync(http, Rpc.Collabs("GetCollab"), (s, c) => s.GetCollab(new GetCollabRequest { Id = collab }, c));
        var (page, error) = await FetchAsync(http, platform, collab, filter);
        return PageResults.Page<JobListPage>(
            new { Viewer = Viewer.Of(http), Collab = info, Filter = filter, Jobs = page, Error = error },
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RowsAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var filter = FilterOf(http.Request);
        var (page, error) = await FetchAsync(http, platform, collab, filter);
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<JobListResults>(
            new { CollabId = collab, Filter = filter, Jobs = page, Error = error },
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>The page of jobs the filter selects, or the message saying what is wrong with the filter.</summary>
    public static async Task<(ListJobsResponse? Page, string? Error)> FetchAsync(HttpContext http, IPlatformServices platform, string collab, JobFilter filter)
    {
        var errors = new List<string>();
        if (filter.ToRequest(collab, PageSize, errors) is not { } request)
        {
            return (null, string.Join("; ", errors));
        }

        try
        {
            return (await platform.JobsAsync(http, Rpc.Jobs("ListJobs"), (s, c) => s.ListJobs(request, c)), null);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            return (null, e.Status.Detail);
        }
    }
}
