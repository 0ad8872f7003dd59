using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The home page (one card per collab of the user) and a collab's quotas.</summary>
internal static class HomeEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/", HomeAsync);
        app.MapGet("/collabs/{collab}/quotas", QuotasAsync);
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

    private static async Task<IResult> QuotasAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        // GetCollab first: a collab the user is not in answers 404 before anything about it is read.
        var info = await platform.CollabsAsync(http, Rpc.Collabs("GetCollab"), (s, c) => s.GetCollab(new GetCollabRequest { Id = collab }, c));
        var request = new ListQuotasRequest { Collab = collab };
        var quotas = await platform.QuotasAsync(http, Rpc.Quotas("ListQuotas"), (s, c) => s.ListQuotas(request, c));
        return PageResults.Page<QuotasPage>(new { Viewer = Viewer.Of(http), Collab = info, Quotas = quotas.Quotas.ToList() });
    }
}
