using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Gateway.Rest.Identity;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>
/// EBRAINS <c>/projects/{id}/quotas/</c>: the quotas an accepted project granted, one per platform (the platform is the
/// quota's id). Grants are made when accepting the project; changing them afterwards is not a per-project operation here.
/// </summary>
public static class ProjectQuotaEndpoints
{
    private const string GrantedOnAcceptance =
        "Quotas are granted when the project is accepted (PUT /projects/{id} with \"status\": \"accepted\" and, optionally, " +
        "\"quotas\": [{\"platform\": ..., \"limit\": ...}]); a collab's limits are changed afterwards with the Quotas service's SetQuota.";

    /// <summary>Maps the quotas of a project.</summary>
    public static RouteGroupBuilder MapProjectQuotas(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/{id}/quotas/", List);
        api.MapGet("/projects/{id}/quotas/{platform}", Get);
        api.MapPost("/projects/{id}/quotas/", Change);
        api.MapPut("/projects/{id}/quotas/{platform}", Change);
        api.MapDelete("/projects/{id}/quotas/{platform}", Change);
        return api;
    }

    private static async Task<IResult> List(HttpContext http, string id)
    {
        var query = new RestQuery(http.Request.Query);
        var size = query.Int("size", 10, 0, 1000);
        var from = query.Int("from_index", 0, 0, 100_000);
        query.ThrowIfInvalid();
        var project = await ProjectCalls.DocumentAsync(http, await ProjectCalls.LoadAsync(http, id));
        return Results.Json(project.Quotas.Skip(from).Take(size).ToList());
    }

    private static async Task<IResult> Get(HttpContext http, string id, string platform)
    {
        var project = await ProjectCalls.DocumentAsync(http, await ProjectCalls.LoadAsync(http, id));
        var quota = project.Quotas.FirstOrDefault(q => string.Equals(q.Platform, platform, StringComparison.OrdinalIgnoreCase));
        return quota is null
            ? RestErrors.Problem(StatusCodes.Status404NotFound, "There is no quota with this id")
            : Results.Json(quota);
    }

    /// <summary>Adding, changing or removing a project's quota: 404 for a hidden project, 403 for non-administrators, else 400 saying how grants work here.</summary>
    private static async Task<IResult> Change(HttpContext http, string id)
    {
        await ProjectCalls.LoadAsync(http, id);
        var caller = await RestCaller.AuthenticateAsync(http, "/nmpi.rest/ChangeProjectQuota");
        return caller.Admin
            ? RestErrors.Problem(StatusCodes.Status400BadRequest, GrantedOnAcceptance)
            : RestErrors.Problem(StatusCodes.Status403Forbidden, "Only admins can add or change quotas");
    }
}
