using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>A collab's jobs, newest first, filtered and paged on the server by ListJobs.</summary>
internal static class JobListEndpoints
{
    private const int PageSize = 20;

    public static void Map(RouteGroupBuilder app) => app.MapGet("/collabs/{collab}/jobs", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var query = http.Request.Query;
        var filter = new JobFilter(query["status"].ToString(), query["platform"].ToString(), query["tag"].ToString().Trim(), query["page"].ToString());
        var info = await platform.CollabsAsync(http, Rpc.Collabs("GetCollab"), (s, c) => s.GetCollab(new GetCollabRequest { Id = collab }, c));

        var request = new ListJobsRequest { Collab = collab, HardwarePlatform = filter.Platform, Tag = filter.Tag, PageSize = PageSize, PageToken = filter.Page };
        string? error = null;
        if (filter.Status.Length > 0)
        {
            if (StatusText.Parse(filter.Status) is { } status)
            {
                request.Status.Add(status);
            }
            else
            {
                error = $"status: no job state is called '{filter.Status}'";
            }
        }

        ListJobsResponse? page = null;
        if (error is null)
        {
            try
            {
                page = await platform.JobsAsync(http, Rpc.Jobs("ListJobs"), (s, c) => s.ListJobs(request, c));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                error = e.Status.Detail;
            }
        }

        return PageResults.Page<JobListPage>(
            new { Viewer = Viewer.Of(http), Collab = info, Filter = filter, Jobs = page, Error = error },
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
