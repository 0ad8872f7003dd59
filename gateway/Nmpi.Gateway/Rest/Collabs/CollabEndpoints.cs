using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Gateway.Rest.Identity;
using Nmpi.Gateway.Rest.Projects;

namespace Nmpi.Gateway.Rest.Collabs;

/// <summary>
/// EBRAINS <c>GET /collabs/</c>: the ids of the collabs in which the caller may edit (editor or administrator role) and
/// that have at least one project (in <c>status</c>, when given), sorted, paged with <c>size</c> and <c>from_index</c>.
/// </summary>
public static class CollabEndpoints
{
    /// <summary>Maps <c>/collabs/</c>.</summary>
    public static RouteGroupBuilder MapCollabs(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/collabs/", (Delegate)List);
        return api;
    }

    private static async Task<IResult> List(HttpContext http)
    {
        var query = new RestQuery(http.Request.Query);
        var status = ProjectStatusNames.FromQuery(query);
        var users = query.Values("user_id");
        var size = query.Int("size", 10, 0, 1000);
        var from = query.Int("from_index", 0, 0, 100_000);
        var asAdmin = query.Bool("as_admin");
        query.ThrowIfInvalid();
        var caller = await RestCaller.AuthenticateAsync(http, "/nmpi.rest/ListCollabs");
        if (asAdmin && !caller.Admin)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, "The token provided does not give admin privileges");
        }

        if (asAdmin)
        {
            return RestErrors.Problem(StatusCodes.Status501NotImplemented, "This option has not been implemented yet");
        }

        if (users.Count > 1)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "Only admins can run queries for users other than themselves");
        }

        if (users.Count == 1 && users[0] != caller.UserId)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, $"User id provided ({users[0]}) does not match authentication token ({caller.UserId})");
        }

        var withProjects = new List<string>();
        foreach (var collab in RestCaller.EditableCollabs(caller))
        {
            if ((await ProjectCalls.ListAsync(http, collab, status, [], 1)).Count > 0)
            {
                withProjects.Add(collab);
            }
        }

        return Results.Json(withProjects.Skip(from).Take(size).ToList());
    }
}
