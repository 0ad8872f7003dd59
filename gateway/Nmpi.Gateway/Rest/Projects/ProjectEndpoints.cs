using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Gateway.Rest.Identity;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>
/// EBRAINS <c>/projects/</c>: a project is a resource request of a collab (Quotas service). Editors create, edit and
/// submit it (status "under review"); platform administrators accept it (granting its quotas) or reject it.
/// </summary>
public static class ProjectEndpoints
{
    private const int MaxSize = 1000;
    private const int MaxFromIndex = 100_000;

    /// <summary>Maps <c>/projects/</c> and <c>/projects/{id}/quotas/</c>.</summary>
    public static RouteGroupBuilder MapProjects(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/", (Delegate)List);
        api.MapPost("/projects/", (Delegate)Create);
        api.MapGet("/projects/{id}", Get);
        api.MapPut("/projects/{id}", Update);
        api.MapDelete("/projects/{id}", Delete);
        api.MapProjectQuotas();
        return api;
    }

    private static async Task<IResult> List(HttpContext http)
    {
        var query = new RestQuery(http.Request.Query);
        var status = ProjectStatusNames.FromQuery(query);
        var collabs = query.Values("collab", "collab_id");
        var owners = query.Values("owner", "owner_id");
        var size = query.Int("size", 10, 0, MaxSize);
        var from = query.Int("from_index", 0, 0, MaxFromIndex);
        var asAdmin = query.Bool("as_admin");
        query.ThrowIfInvalid();
        var caller = await RestCaller.AuthenticateAsync(http, "/nmpi.rest/ListProjects");
        if (asAdmin && !caller.Admin)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, "The token provided does not give admin privileges");
        }

        if (!caller.Admin && owners.Count > 1)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "Only admins can directly query projects they don't own, try querying by collab");
        }

        if (!caller.Admin && owners.Count == 1 && owners[0] != caller.UserId)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, $"Owner id provided ({owners[0]}) does not match authentication token ({caller.UserId})");
        }

        var found = new List<Wire.ResourceRequest>();
        foreach (var collab in collabs.Count > 0 ? collabs.Distinct(StringComparer.Ordinal) : [""])
        {
            found.AddRange(await ProjectCalls.ListAsync(http, collab, status, [.. owners], from + size));
        }

        var page = found.DistinctBy(r => r.Id).OrderByDescending(r => r.Id).Skip(from).Take(size).ToList();
        var usage = await ProjectCalls.UsageAsync(http, page);
        return Results.Json(page.Select(r => ProjectMapper.ToDocument(r, usage.GetValueOrDefault(r.Collab) ?? [])).ToList());
    }

    private static async Task<IResult> Get(HttpContext http, string id) =>
        Results.Json(await ProjectCalls.DocumentAsync(http, await ProjectCalls.LoadAsync(http, id)));

    private static async Task<IResult> Create(HttpContext http)
    {
        var body = await ReadAsync(http);
        if (string.IsNullOrWhiteSpace(body.Collab))
        {
            throw new RestInputException(RestInputException.Body, [new("collab", "field required: the collab the project asks resources for")]);
        }

        if (body.Status is ProjectStatusNames.Accepted or ProjectStatusNames.Rejected)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, $"A new project is '{ProjectStatusNames.InPreparation}' or '{ProjectStatusNames.UnderReview}'; administrators decide it afterwards.");
        }

        if (body.Quotas is not { Count: > 0 })
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, MissingQuotas);
        }

        var create = new Wire.CreateResourceRequestRequest
        {
            Collab = body.Collab,
            Title = body.Title ?? "",
            Abstract = ProjectBody.Compose(body.Abstract, body.Description),
        };
        create.Requested.AddRange(ProjectCalls.Amounts(body.Quotas));
        var created = await Checked(() => ProjectCalls.Call(http, "CreateResourceRequest", (s, c) => s.CreateResourceRequest(create, c)));
        if (body.Status == ProjectStatusNames.UnderReview)
        {
            created = await Submit(http, created.Id);
        }

        return Results.Json(await ProjectCalls.DocumentAsync(http, created), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(HttpContext http, string id)
    {
        var existing = await ProjectCalls.LoadAsync(http, id);
        var body = await ReadAsync(http);

        if (body.Collab is not null && body.Collab != existing.Collab)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "'collab' cannot be changed; create a project in the other collab instead.");
        }

        if (body.Owner is not null && body.Owner != existing.RequestedBy)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "'owner' cannot be changed: it is the user who created the project.");
        }

        var summary = body.Abstract is null && body.Description is null ? existing.Abstract : ProjectBody.Compose(body.Abstract ?? existing.Abstract, body.Description);
        var edits = (body.Title is not null && body.Title != existing.Title) || summary != existing.Abstract || body.Quotas is not null;
        if (body.Status is ProjectStatusNames.Accepted or ProjectStatusNames.Rejected)
        {
            var textEdited = (body.Title is not null && body.Title != existing.Title) || summary != existing.Abstract;
            return await Decide(http, existing, body, textEdited);
        }

        if (existing.Status != Wire.ResourceRequestStatus.InPreparation)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, "Can't edit a submitted form.");
        }

        var current = existing;
        if (edits)
        {
            var update = new Wire.UpdateResourceRequestRequest { Id = existing.Id, Title = body.Title ?? existing.Title, Abstract = summary };
            update.Requested.AddRange(body.Quotas is { } quotas ? ProjectCalls.Amounts(quotas) : existing.Requested.Select(r => new Wire.PlatformAmount { Platform = r.Platform, Amount = r.Amount }));
            current = await Checked(() => ProjectCalls.Call(http, "UpdateResourceRequest", (s, c) => s.UpdateResourceRequest(update, c)));
        }

        if (body.Status == ProjectStatusNames.UnderReview)
        {
            current = await Submit(http, existing.Id);
        }

        return Results.Json(await ProjectCalls.DocumentAsync(http, current));
    }

    /// <summary>Accepts (granting <c>quotas</c>, or what was requested) or rejects a project under review (administrators).</summary>
    private static async Task<IResult> Decide(HttpContext http, Wire.ResourceRequest existing, ProjectBody body, bool textEdited)
    {
        if (textEdited)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "Title, abstract and description cannot change while accepting or rejecting a project.");
        }

        var decide = new Wire.DecideResourceRequestRequest { Id = existing.Id, Accept = body.Status == ProjectStatusNames.Accepted };
        if (body.Quotas is { } granted)
        {
            decide.Granted.AddRange(ProjectCalls.Amounts(granted));
        }

        try
        {
            var decided = await ProjectCalls.Call(http, "DecideResourceRequest", (s, c) => s.DecideResourceRequest(decide, c));
            return Results.Json(await ProjectCalls.DocumentAsync(http, decided));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            return RestErrors.Problem(StatusCodes.Status403Forbidden, "You do not have permission to change the status of this project.");
        }
    }

    private static async Task<IResult> Delete(HttpContext http, string id)
    {
        var existing = await ProjectCalls.LoadAsync(http, id);
        await ProjectCalls.Call(http, "DeleteResourceRequest", (s, c) => s.DeleteResourceRequest(new Wire.DeleteResourceRequestRequest { Id = existing.Id }, c));
        // EBRAINS answers a delete with 200 and a JSON null.
        return Results.Text("null", "application/json");
    }

    private static Task<Wire.ResourceRequest> Submit(HttpContext http, long id) =>
        ProjectCalls.Call(http, "SubmitResourceRequest", (s, c) => s.SubmitResourceRequest(new Wire.SubmitResourceRequestRequest { Id = id }, c));

    /// <summary>The body; malformed JSON or a malformed field is a 422 naming it.</summary>
    private static async Task<ProjectBody> ReadAsync(HttpContext http)
    {
        var (body, error) = await RestBody.ReadJsonAsync(http) is { } json ? ProjectBody.Parse(json) : (null, new("", "The body is not valid JSON."));
        return body ?? throw new RestInputException(RestInputException.Body, [error!]);
    }

    /// <summary>A create or edit whose values the Quotas service refuses (platform, amount, title): the body was malformed, a 422.</summary>
    private static async Task<T> Checked<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // The service names our fields (requested[i].amount); the body names them as the client sent them (quotas[i].limit).
            throw new RestInputException(RestInputException.Body, [.. Jobs.RestJobErrors.Violations(e).Select(v => v with
            {
                Field = v.Field.Replace("requested", "quotas", StringComparison.Ordinal).Replace(".amount", ".limit", StringComparison.Ordinal),
            })]);
        }
    }

    private const string MissingQuotas =
        "'quotas' must name at least one platform and the amount asked for, e.g. [{\"platform\": \"SpiNNaker\", \"limit\": 5000}].";
}
