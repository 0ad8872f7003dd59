using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters.Tests.Support;

/// <summary>A real HTTP server (Kestrel) on 127.0.0.1, serving set byte arrays (404 for anything else).</summary>
/// <remarks>It binds port 0, so the kernel picks a free port: no probe-then-bind race with other test processes.</remarks>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Route> _routes;
    private readonly CancellationTokenSource _stopping;
    private readonly ConcurrentDictionary<string, int> _requests;

    private LocalHttpServer(WebApplication app, ConcurrentDictionary<string, Route> routes, CancellationTokenSource stopping, ConcurrentDictionary<string, int> requests)
    {
        _requests = requests;
        _app = app;
        _routes = routes;
        _stopping = stopping;
        // After start, the server's addresses carry the port the kernel picked.
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    /// <summary>The server's address without a trailing slash, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; }

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var routes = new ConcurrentDictionary<string, Route>(StringComparer.Ordinal);
        var stopping = new CancellationTokenSource();
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.Run(context =>
        {
            requests.AddOrUpdate(context.Request.Path.ToUriComponent(), 1, (_, n) => n + 1);
            return AnswerAsync(context, routes, stopping.Token);
        });
        await app.StartAsync();
        return new LocalHttpServer(app, routes, stopping, requests);
    }

    /// <summary>Serves the bytes at the path (with the content type, when given); chunked leaves out Content-Length, so only the bytes sent tell the size.</summary>
    public string Serve(string path, byte[] content, bool chunked = false, string? contentType = null)
    {
        _routes[path] = new Route(content, chunked, Stall: false, contentType);
        return BaseUrl + path;
    }

    /// <summary>Answers the path with headers and a first chunk, then sends nothing more until the server stops.</summary>
    public string Stall(string path)
    {
        _routes[path] = new Route([1, 2, 3], Chunked: true, Stall: true);
        return BaseUrl + path;
    }

    /// <summary>How many requests for the path (as it appears in URLs) reached the server.</summary>
    public int RequestCount(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task AnswerAsync(HttpContext context, ConcurrentDictionary<string, Route> routes, CancellationToken stopping)
    {
        // Routes are registered as they appear in URLs (escaped, e.g. "%20"); the request's path arrives unescaped.
        if (!routes.TryGetValue(context.Request.Path.ToUriComponent(), out var route) && !routes.TryGetValue(context.Request.Path.Value ?? "", out route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (route.ContentType is not null)
        {
            context.Response.ContentType = route.ContentType;
        }

        if (!route.Chunked)
        {
            context.Response.ContentLength = route.Content.Length;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        try
        {
            await context.Response.Body.WriteAsync(route.Content, either.Token);
            if (route.Stall)
            {
                await context.Response.Body.FlushAsync(either.Token);
                await Task.Delay(Timeout.Infinite, either.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up (a size or time limit) or the server is stopping.
            context.Abort();
        }
    }

    private sealed record Route(byte[] Content, bool Chunked, bool Stall, string? ContentType = null);
}
