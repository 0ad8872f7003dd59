using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Nmpi.Adapters.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 and a free port, serving set byte arrays (404 for anything else).</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private LocalHttpServer(HttpListener listener, int port)
    {
        _listener = listener;
        BaseUrl = $"http://127.0.0.1:{port}";
        _serving = ServeAsync();
    }

    /// <summary>The server's address without a trailing slash, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; }

    public static LocalHttpServer Start()
    {
        // Another process may take the probed port before the listener binds it; a few tries cover that race.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LocalHttpServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Serves the bytes at the path; chunked leaves out Content-Length, so only the bytes sent tell the size.</summary>
    public string Serve(string path, byte[] content, bool chunked = false)
    {
        _routes[path] = new Route(content, chunked, Stall: false);
        return BaseUrl + path;
    }

    /// <summary>Answers the path with headers and a first chunk, then sends nothing more until the server stops.</summary>
    public string Stall(string path)
    {
        _routes[path] = new Route([1, 2, 3], Chunked: true, Stall: true);
        return BaseUrl + path;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // Close alone: after Stop, the managed listener's Close binds the port again to unregister it, and may find it taken.
        _listener.Close();
        await _serving;
        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                // Stopping ends a pending wait (or refuses a new one) with an exception whose type varies with timing.
                return;
            }

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (!_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            if (route.Chunked)
            {
                response.SendChunked = true;
            }
            else
            {
                response.ContentLength64 = route.Content.Length;
            }

            await response.OutputStream.WriteAsync(route.Content, _stopping.Token);
            if (route.Stall)
            {
                await response.OutputStream.FlushAsync(_stopping.Token);
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }

            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client gave up (a size or time limit) or the server is stopping.
            response.Abort();
        }
    }

    private sealed record Route(byte[] Content, bool Chunked, bool Stall);
}
