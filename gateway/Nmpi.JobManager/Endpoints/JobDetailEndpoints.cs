using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>A job's page, its live-updated panel, its image previews, and the cancel and delete buttons.</summary>
internal static class JobDetailEndpoints
{
    // The page shows at most this much log; the rest stays for `nmpi log` or GetJobLog (the page says so).
    private const int MaxLogPages = 20;

    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/jobs/{id:long}", ShowAsync);
        app.MapGet("/jobs/{id:long}/panel", PanelAsync);
        app.MapPost("/jobs/{id:long}/cancel", CancelAsync);
        app.MapPost("/jobs/{id:long}/delete", DeleteAsync);
        app.MapGet("/jobs/{id:long}/image", ImageAsync);
    }

    private static Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, long id) =>
        RenderAsync(http, platform, id, new JobNotesForm(), StatusCodes.Status200OK);

    /// <summary>The job's page; <paramref name="notes"/> carries a refused tag or comment form back beside its field.</summary>
    public static async Task<IResult> RenderAsync(HttpContext http, IPlatformServices platform, long id, JobNotesForm notes, int status)
    {
        var job = await GetAsync(http, platform, id);
        var text = new StringBuilder();
        long next = 0;
        var complete = false;
        for (var i = 0; i < MaxLogPages && !complete; i++)
        {
            var request = new GetJobLogRequest { Id = id, FromSeq = next };
            var log = await platform.JobsAsync(http, Rpc.Jobs("GetJobLog"), (s, c) => s.GetJobLog(request, c));
            foreach (var chunk in log.Chunks)
            {
                text.Append(chunk.Text);
            }

            complete = log.Chunks.Count == 0 || log.NextSeq <= next;
            next = log.NextSeq;
        }

        var previews = await OutputDownloads.TextPreviewsAsync(http, platform, job);
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<JobDetailPage>(new
        {
            Viewer = Viewer.Of(http),
            Job = job,
            Log = text.ToString(),
            LogNextSeq = next,
            LogCut = !complete,
            Previews = previews,
            Notes = notes,
        }, status);
    }

    private static async Task<IResult> PanelAsync(HttpContext http, IPlatformServices platform, long id)
    {
        var job = await GetAsync(http, platform, id);
        var previews = await OutputDownloads.TextPreviewsAsync(http, platform, job);
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<JobPanel>(new { Viewer = Viewer.Of(http), Job = job, Previews = previews });
    }

    /// <summary>A raster image output for an inline preview, read with DownloadOutput; anything else answers 404.</summary>
    private static async Task<IResult> ImageAsync(HttpContext http, IPlatformServices platform, long id, string? path)
    {
        var job = await GetAsync(http, platform, id);
        var file = job.OutputData.FirstOrDefault(f => f.Path == path);
        if (file is null || OutputPreview.ImageType(file) is not { } type)
        {
            return PageResults.Problem(http, StatusCodes.Status404NotFound, "Not found", $"Job {id} has no image output '{path}' to preview.");
        }

        var (_, bytes) = await OutputDownloads.HeadAsync(http, platform, id, file.Path, OutputPreview.MaxImageBytes);
        // The file is the user's bytes: sandboxed and never sniffed as anything but the image type it is served as.
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(bytes, type);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, IPlatformServices platform, long id)
    {
        await Forms.ReadCheckedAsync(http);
        var request = new CancelJobRequest { Id = id, Reason = "cancelled in the Job Manager" };
        await platform.JobsAsync(http, Rpc.Jobs("CancelJob"), (s, c) => s.CancelJob(request, c));
        return Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/jobs/{id}");
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IPlatformServices platform, long id)
    {
        await Forms.ReadCheckedAsync(http);
        var job = await platform.JobsAsync(http, Rpc.Jobs("DeleteJob"), (s, c) => s.DeleteJob(new DeleteJobRequest { Id = id }, c));
        return Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/collabs/{Uri.EscapeDataString(job.Collab)}/jobs");
    }

    private static Task<Job> GetAsync(HttpContext http, IPlatformServices platform, long id) =>
        platform.JobsAsync(http, Rpc.Jobs("GetJob"), (s, c) => s.GetJob(new GetJobRequest { Id = id }, c));
}
