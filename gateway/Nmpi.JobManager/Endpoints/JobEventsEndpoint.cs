using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Server-Sent Events for a job's page: <c>status</c> on every state change (WatchJob), <c>log</c> for every log chunk
/// (FollowJobLog, with the chunk's position as event id so a reconnecting browser resumes where it was), then <c>end</c>.
/// </summary>
internal static class JobEventsEndpoint
{
    public static void Map(RouteGroupBuilder app) => app.MapGet("/jobs/{id:long}/events", StreamAsync);

    private static async Task StreamAsync(HttpContext http, IPlatformServices platform, long id)
    {
        // A job the user may not see answers 404 here, before anything is streamed.
        await platform.JobsAsync(http, Rpc.Jobs("GetJob"), (s, c) => s.GetJob(new GetJobRequest { Id = id }, c));
        var fromSeq = ResumeFrom(http);
        var events = new EventStream(http.Response);
        var watch = platform.JobsAsync(http, Rpc.Jobs("WatchJob"), async (s, c) =>
        {
            await s.WatchJob(new WatchJobRequest { Id = id }, new Writer<Job>(job => events.SendAsync("status", null, new
            {
                status = StatusText.Label(job.Status),
                terminal = StatusText.IsTerminal(job.Status),
            })), c);
            return true;
        });
        var follow = platform.JobsAsync(http, Rpc.Jobs("FollowJobLog"), async (s, c) =>
        {
            await s.FollowJobLog(new FollowJobLogRequest { Id = id, FromSeq = fromSeq }, new Writer<LogChunk>(chunk => events.SendAsync(
                "log", (chunk.Seq + 1).ToString(CultureInfo.InvariantCulture), new { seq = chunk.Seq, text = chunk.Text })), c);
            return true;
        });

        var first = await Task.WhenAny(watch, follow);
        if (first.IsFaulted || first.IsCanceled)
        {
            // The other stream would wait on a job that may never change again: end the connection; the browser reconnects,
            // and a user who lost access (NOT_FOUND, UNAUTHENTICATED) gets the 404 or sign-in answer of a new request.
            // Nothing the other stream still had is sent once one of them failed.
            events.Close();
            http.Abort();
        }

        try
        {
            await Task.WhenAll(watch, follow);
            await events.SendAsync("end", null, new { });
        }
        catch (RpcException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser left (or the stream was ended above); nothing more to send.
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>The first log chunk to send: after the last one a reconnecting browser saw, else what the page already shows.</summary>
    private static long ResumeFrom(HttpContext http)
    {
        var last = http.Request.Headers["Last-Event-ID"].ToString();
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return seq;
        }

        return long.TryParse(http.Request.Query["log_from"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
    }

    /// <summary>Writes events one at a time (the two streams write concurrently) and flushes each at once.</summary>
    private sealed class EventStream(HttpResponse response)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private volatile bool _closed;

        /// <summary>Sends nothing more from now on (an event being written finishes first).</summary>
        public void Close() => _closed = true;

        public async Task SendAsync(string name, string? id, object data)
        {
            await _gate.WaitAsync(response.HttpContext.RequestAborted);
            try
            {
                if (_closed)
                {
                    return;
                }

                if (!response.HasStarted)
                {
                    response.ContentType = "text/event-stream";
                    response.Headers.CacheControl = "no-store";
                    response.Headers["X-Accel-Buffering"] = "no";
                }

                var text = $"event: {name}\n" + (id is null ? "" : $"id: {id}\n") + $"data: {JsonSerializer.Serialize(data)}\n\n";
                await response.WriteAsync(text, response.HttpContext.RequestAborted);
                await response.Body.FlushAsync(response.HttpContext.RequestAborted);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private sealed class Writer<T>(Func<T, Task> send) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => send(message);

        // The services pass their call's token; the page's writes end with the request anyway.
        public Task WriteAsync(T message, CancellationToken cancellationToken) => send(message);
    }
}
