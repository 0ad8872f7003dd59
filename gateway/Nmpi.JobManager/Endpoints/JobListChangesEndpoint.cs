using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Server-Sent Events for a job list: a <c>change</c> event whenever the page of jobs the filter selects changes (a job's
/// state or tags, a new or deleted job), after which the browser fetches the rows again. The shown jobs that have not ended
/// are followed with WatchJob, so their changes arrive at once; new and deleted jobs are seen by asking ListJobs again
/// every few seconds (there is no collab-wide watch in the API), on the server, never by the browser.
/// </summary>
internal static class JobListChangesEndpoint
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    public static void Map(RouteGroupBuilder app) => app.MapGet("/collabs/{collab}/jobs/changes", StreamAsync);

    private static async Task<IResult> StreamAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var filter = JobListEndpoints.FilterOf(http.Request);
        // A collab the user may not see answers 404 here (NOT_FOUND from ListJobs), before anything is streamed.
        var (shown, error) = await JobListEndpoints.FetchAsync(http, platform, collab, filter);
        if (shown is null)
        {
            return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", error ?? "");
        }

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = http.RequestAborted;
        var wake = new SemaphoreSlim(0);
        var watched = new HashSet<long>();
        try
        {
            await response.WriteAsync(": following\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                foreach (var job in shown.Jobs.Where(j => !StatusText.IsTerminal(j.Status) && watched.Add(j.Id)))
                {
                    _ = WatchAsync(http, platform, job.Id, wake);
                }

                await wake.WaitAsync(Recheck, aborted);
                while (wake.Wait(0))
                {
                    // Several changes at once need one look.
                }

                var (now, _) = await JobListEndpoints.FetchAsync(http, platform, collab, filter);
                if (now is not null && Fingerprint(now) != Fingerprint(shown))
                {
                    shown = now;
                    await response.WriteAsync("event: change\ndata: {}\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser left.
        }
        catch (RpcException) when (aborted.IsCancellationRequested)
        {
        }

        return Results.Empty;
    }

    /// <summary>Releases <paramref name="wake"/> on every change of the job after the first (current) state, until it ends.</summary>
    private static async Task WatchAsync(HttpContext http, IPlatformServices platform, long id, SemaphoreSlim wake)
    {
        var first = true;
        try
        {
            await platform.JobsAsync(http, Rpc.Jobs("WatchJob"), async (s, c) =>
            {
                await s.WatchJob(new WatchJobRequest { Id = id }, new Signal(() =>
                {
                    if (!first)
                    {
                        wake.Release();
                    }

                    first = false;
                }), c);
                return true;
            });
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or ObjectDisposedException)
        {
            // A watch that fails (the job was deleted, the browser left) leaves the periodic look to notice changes.
        }
    }

    /// <summary>What the rows show: a change here is a change the person would see.</summary>
    private static string Fingerprint(ListJobsResponse page) =>
        page.TotalCount + "|" + page.NextPageToken + "|" + string.Join(",", page.Jobs.Select(j => $"{j.Id}:{j.Status}:{string.Join('/', j.Tags)}"));

    private sealed class Signal(Action changed) : IServerStreamWriter<Job>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(Job message)
        {
            changed();
            return Task.CompletedTask;
        }

        public Task WriteAsync(Job message, CancellationToken cancellationToken) => WriteAsync(message);
    }
}
