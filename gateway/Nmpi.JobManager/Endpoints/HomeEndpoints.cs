using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The home page: one card per collab of the user.</summary>
internal static class HomeEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/", HomeAsync);
    }

    private static async Task<IResult> HomeAsync(HttpContext http, IPlatformServices platform)
    {
        if (SessionCookie.Token(http) is null)
        {
            return PageResults.SignIn(http);
        }

        var mine = await platform.CollabsAsync(http, Rpc.Collabs("ListMyCollabs"), (s, c) => s.ListMyCollabs(new ListMyCollabsRequest(), c));
        var collabs = mine.Collabs.OrderBy(c => c.IsPrivate ? 0 : 1).ThenBy(c => c.CollabId, StringComparer.Ordinal).ToList();
        return PageResults.Page<HomePage>(new { Viewer = Viewer.Of(http), Collabs = collabs });
    }
}
