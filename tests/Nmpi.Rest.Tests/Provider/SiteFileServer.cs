using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nmpi.Rest.Tests.Provider;

/// <summary>A site's own file storage as a real HTTP server (Kestrel on 127.0.0.1, port chosen by the kernel): the output URLs a v3 site reports.</summary>
public sealed class SiteFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files;
    private readonly ConcurrentDictionary<string, string> _redirects;

    private SiteFileServer(WebApplication app, ConcurrentDictionary<string, byte[]> files, ConcurrentDictionary<string, string> redirects)
    {
        _app = app;
        _files = files;
        _redirects = redirects;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public static async Task<SiteFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var files = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var redirects = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        app.Run(async context =>
        {
            if (redirects.TryGetValue(context.Request.Path.Value ?? "", out var location))
            {
                context.Response.Redirect(location);
                return;
            }

            if (!files.TryGetValue(context.Request.Path.Value ?? "", out var content))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content);
        });
        await app.StartAsync();
        return new SiteFileServer(app, files, redirects);
    }

    /// <summary>Serves the bytes at the path and returns their URL.</summary>
    public string Serve(string path, byte[] content)
    {
        _files[path] = content;
        return BaseUrl + path;
    }

    /// <summary>Answers the path with a redirect (302) to <paramref name="location"/> and returns the path's URL.</summary>
    public string Redirect(string path, string location)
    {
        _redirects[path] = location;
        return BaseUrl + path;
    }

    /// <summary>Settings that let <paramref name="site"/>'s output URLs point at loopback, where this server listens.</summary>
    public static Dictionary<string, string?> TrustedBy(string site) => new()
    {
        [$"Nmpi:Rest:OutputSources:Sites:{site}:AllowPrivateAddresses"] = "true",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
