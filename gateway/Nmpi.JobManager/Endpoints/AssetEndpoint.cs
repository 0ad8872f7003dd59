using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Serves the pages' CSS and JavaScript from the assembly's embedded resources.</summary>
internal static class AssetEndpoint
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(RouteGroupBuilder app) => app.MapGet("/assets/{name}", Get);

    private static IResult Get(HttpContext http, string name)
    {
        var extension = Path.GetExtension(name);
        var stream = ContentTypes.TryGetValue(extension, out var type) && !name.Contains('/', StringComparison.Ordinal)
            ? typeof(AssetEndpoint).Assembly.GetManifestResourceStream("Nmpi.JobManager.Assets." + name)
            : null;
        if (stream is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(stream, type);
    }
}
