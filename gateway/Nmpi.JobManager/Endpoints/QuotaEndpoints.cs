using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// A collab's quotas, its resource requests, and the form asking for more: a new request or a draft in preparation is
/// saved (CreateResourceRequest, UpdateResourceRequest) and, unless kept as a draft, submitted (SubmitResourceRequest);
/// drafts are submitted or deleted (DeleteResourceRequest) from their row.
/// </summary>
internal static class QuotaEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/collabs/{collab}/quotas", ShowAsync);
        app.MapPost("/collabs/{collab}/quotas/requests", SaveAsync);
        app.MapPost("/collabs/{collab}/quotas/requests/{id:long}/submit", SubmitAsync);
        app.MapPost("/collabs/{collab}/quotas/requests/{id:long}/delete", DeleteAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var form = new ResourceRequestForm();
        if (http.Request.Query["edit"].ToString() is { Length: > 0 } edit)
        {
            if (!long.TryParse(edit, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", $"edit: '{edit}' is not a request id");
            }

            var draft = await GetInCollabAsync(http, platform, collab, id);
            if (draft.Status != ResourceRequestStatus.InPreparation)
            {
                return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible",
                    $"Request {id} is {RequestText.Label(draft.Status)}; only requests in preparation can be edited.");
            }

            form = ResourceRequestForm.From(draft);
        }

        return await RenderAsync(http, platform, collab, form, null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var fields = await Forms.ReadCheckedAsync(http);
        var form = new ResourceRequestForm
        {
            TitleValue = fields.Field(ResourceRequestForm.Title),
            AbstractValue = fields[ResourceRequestForm.Abstract].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            Amounts = PlatformCatalog.All.ToDictionary(p => p.Name, p => fields.Field(ResourceRequestForm.AmountField(p.Name)), StringComparer.Ordinal),
        };
        var idText = fields.Field(ResourceRequestForm.Id);
        if (idText.Length > 0)
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var editing))
            {
                return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", $"{ResourceRequestForm.Id}: '{idText}' is not a request id");
            }

            // The draft must be this collab's: another collab's answers 404 here, as its own page would.
            form.EditingId = (await GetInCollabAsync(http, platform, collab, editing)).Id;
        }

        var keepDraft = fields.Field(ResourceRequestForm.Action) == ResourceRequestForm.DraftAction;
        var requested = form.Parse();
        if (form.Errors.Any)
        {
            return await RenderAsync(http, platform, collab, form, null, StatusCodes.Status400BadRequest);
        }

        try
        {
            if (form.EditingId > 0)
            {
                var update = new UpdateResourceRequestRequest { Id = form.EditingId, Title = form.TitleValue, Abstract = form.AbstractValue, Requested = { requested } };
                await platform.QuotasAsync(http, Rpc.Quotas("UpdateResourceRequest"), (s, c) => s.UpdateResourceRequest(update, c));
            }
            else
            {
                var create = new CreateResourceRequestRequest { Collab = collab, Title = form.TitleValue, Abstract = form.AbstractValue, Requested = { requested } };
                var draft = await platform.QuotasAsync(http, Rpc.Quotas("CreateResourceRequest"), (s, c) => s.CreateResourceRequest(create, c));
                // From here on the form edits the saved draft, so a refused submit never leaves a second copy behind.
                form.EditingId = draft.Id;
            }

            if (!keepDraft)
            {
                var submit = new SubmitResourceRequestRequest { Id = form.EditingId };
                await platform.QuotasAsync(http, Rpc.Quotas("SubmitResourceRequest"), (s, c) => s.SubmitResourceRequest(submit, c));
            }
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            if (e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations is { Count: > 0 } violations)
            {
                foreach (var violation in violations)
                {
                    form.AddViolation(violation.Field, violation.Description, requested);
                }
            }
            else
            {
                form.Errors.Add("", e.Status.Detail);
            }

            return await RenderAsync(http, platform, collab, form, null, RefusalStatus(e));
        }

        return BackToRequests(collab);
    }

    private static Task<IResult> SubmitAsync(HttpContext http, IPlatformServices platform, string collab, long id) =>
        RowActionAsync(http, platform, collab, id, "SubmitResourceRequest", (s, c) => s.SubmitResourceRequest(new SubmitResourceRequestRequest { Id = id }, c));

    private static Task<IResult> DeleteAsync(HttpContext http, IPlatformServices platform, string collab, long id) =>
        RowActionAsync(http, platform, collab, id, "DeleteResourceRequest", (s, c) => s.DeleteResourceRequest(new DeleteResourceRequestRequest { Id = id }, c));

    /// <summary>A button of one request's row: the request must be this collab's; a refusal is shown in its row.</summary>
    private static async Task<IResult> RowActionAsync<T>(
        HttpContext http, IPlatformServices platform, string collab, long id, string method, Func<Quotas.QuotasBase, ServerCallContext, Task<T>> call)
    {
        await Forms.ReadCheckedAsync(http);
        await GetInCollabAsync(http, platform, collab, id);
        try
        {
            await platform.QuotasAsync(http, Rpc.Quotas(method), call);
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            return await RenderAsync(http, platform, collab, new ResourceRequestForm(), new RowError(id, e.Status.Detail), RefusalStatus(e));
        }

        return BackToRequests(collab);
    }

    /// <summary>A request of this collab; one of another collab (even one the user sees) answers 404, exactly as a missing one.</summary>
    private static async Task<ResourceRequest> GetInCollabAsync(HttpContext http, IPlatformServices platform, string collab, long id)
    {
        var request = await platform.QuotasAsync(http, Rpc.Quotas("GetResourceRequest"), (s, c) => s.GetResourceRequest(new GetResourceRequestRequest { Id = id }, c));
        return request.Collab == collab
            ? request
            : throw new RpcException(new Status(StatusCode.NotFound, $"Request {id} not found in collab '{collab}'."));
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IPlatformServices platform, string collab, ResourceRequestForm form, RowError? rowError, int status)
    {
        // GetCollab first: a collab the user is not in answers 404 before anything about it is read.
        var info = await platform.CollabsAsync(http, Rpc.Collabs("GetCollab"), (s, c) => s.GetCollab(new GetCollabRequest { Id = collab }, c));
        var quotas = await platform.QuotasAsync(http, Rpc.Quotas("ListQuotas"), (s, c) => s.ListQuotas(new ListQuotasRequest { Collab = collab }, c));
        var list = new ListResourceRequestsRequest { Collab = collab, PageSize = 100 };
        var requests = await platform.QuotasAsync(http, Rpc.Quotas("ListResourceRequests"), (s, c) => s.ListResourceRequests(list, c));
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<QuotasPage>(new
        {
            Viewer = Viewer.Of(http),
            Collab = info,
            Quotas = quotas.Quotas.ToList(),
            Requests = requests.Requests.ToList(),
            Form = form,
            RowError = rowError,
        }, status);
    }

    private static IResult BackToRequests(string collab) =>
        Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/collabs/{Uri.EscapeDataString(collab)}/quotas#requests");

    private static bool IsRefusal(RpcException e) =>
        e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted;

    private static int RefusalStatus(RpcException e) => e.StatusCode switch
    {
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
