using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Server-Sent Events for a job list: a <c>change</c> event whenever the page of jobs the filter selects changes (a job's
/// state or tags, a new or deleted job), after which the browser fetches the rows again. The server follows the collab's
/// job feed (WatchCollabJobs), which the cluster moves on every such change of any of the collab's jobs, and asks ListJobs
/// again only then (at most once a second), plus a slow recheck in case the feed was lost.
/// </summary>
internal static class JobListChangesEndpoint
{
    // A burst of changes (a batch of submits) costs one ListJobs a second, not one per job.
    private static readonly TimeSpan FetchSpacing = TimeSpan.FromSeconds(1);

    // After the feed's stream failed, the pause before following it again.
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    public static void Map(RouteGroupBuilder app) => app.MapGet("/collabs/{collab}/jobs/changes", StreamAsync);

    private static async Task<IResult> StreamAsync(HttpContext http, IPlatformServices platform, IOptions<JobListOptions> options, string collab)
    {
        var filter = JobListEndpoints.FilterOf(http.Request);
        // A collab the user may not see answers 404 here (NOT_FOUND from ListJobs), before anything is streamed.
        var (shown, error) = await JobListEndpoints.FetchAsync(http, platform, collab, filter);
        if (shown is null)
        {
            return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", error ?? "");
        }

        var lastFetch = Stopwatch.GetTimestamp();
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = http.RequestAborted;
        var wake = new SemaphoreSlim(0);
        var feed = FollowFeedAsync(http, platform, collab, wake);
        try
        {
            await response.WriteAsync(": following\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                // The recheck is only for a feed that was lost (a silo restart); the feed says at once when something changed.
                await wake.WaitAsync(options.Value.FeedRecheck, aborted);
                var since = Stopwatch.GetElapsedTime(lastFetch);
                if (since < FetchSpacing)
                {
                    await Task.Delay(FetchSpacing - since, aborted);
                }

                while (wake.Wait(0))
                {
                    // The changes that came meanwhile are all seen by the one look below.
                }

                lastFetch = Stopwatch.GetTimestamp();
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
        catch (RpcException e) when (IsAccessLost(e))
        {
            // The look found the collab gone for this user; the connection ends below.
        }
        finally
        {
            if (!aborted.IsCancellationRequested)
            {
                // A failed look ends the connection (the browser reconnects), and with it the feed's in-process stream.
                http.Abort();
            }

            await feed;
        }

        return Results.Empty;
    }

    /// <summary>
    /// Releases <paramref name="wake"/> on every notice of the collab's feed, the first one included (it covers what
    /// changed since the list was first fetched), and follows the feed again after it failed, until the browser leaves.
    /// </summary>
    private static async Task FollowFeedAsync(HttpContext http, IPlatformServices platform, string collab, SemaphoreSlim wake)
    {
        var aborted = http.RequestAborted;
        while (!aborted.IsCancellationRequested)
        {
            try
            {
                await platform.JobsAsync(http, Rpc.Jobs("WatchCollabJobs"), async (s, c) =>
                {
                    await s.WatchCollabJobs(new WatchCollabJobsRequest { Collab = collab }, new Signal(() => wake.Release()), c);
                    return true;
                });
            }
            catch (RpcException e) when (IsAccessLost(e))
            {
                // The user may no longer see the collab, or their session ended: following again would only fail again.
                // The connection ends, and the browser's reconnect gets the answer a new request gets (404, sign-in).
                http.Abort();
                return;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or ObjectDisposedException)
            {
                // The feed was lost (a silo restarted) or the browser left; the slow recheck covers the gap.
            }

            try
            {
                await Task.Delay(Reconnect, aborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The answers of a user who may no longer follow the collab: not a member any more, or no valid session.</summary>
    private static bool IsAccessLost(RpcException e) => e.StatusCode is StatusCode.NotFound or StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    /// <summary>What the rows show: a change here is a change the person would see.</summary>
    private static string Fingerprint(ListJobsResponse page) =>
        page.TotalCount + (page.TotalCountCapped ? "+" : "") + "|" + page.NextPageToken + "|" + string.Join(",", page.Jobs.Select(j => $"{j.Id}:{j.Status}:{string.Join('/', j.Tags)}"));

    private sealed class Signal(Action changed) : IServerStreamWriter<CollabJobsChange>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(CollabJobsChange message)
        {
            changed();
            return Task.CompletedTask;
        }

        public Task WriteAsync(CollabJobsChange message, CancellationToken cancellationToken) => WriteAsync(message);
    }
}
