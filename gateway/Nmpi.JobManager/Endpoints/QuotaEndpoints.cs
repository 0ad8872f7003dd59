using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>A collab's quotas, its resource requests, and the form asking for more (CreateResourceRequest, then SubmitResourceRequest).</summary>
internal static class QuotaEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/collabs/{collab}/quotas", ShowAsync);
        app.MapPost("/collabs/{collab}/quotas/requests", RequestAsync);
    }

    private static Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, string collab) =>
        RenderAsync(http, platform, collab, new ResourceRequestForm(), StatusCodes.Status200OK);

    private static async Task<IResult> RequestAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var fields = await Forms.ReadCheckedAsync(http);
        var form = new ResourceRequestForm
        {
            TitleValue = fields.Field(ResourceRequestForm.Title),
            AbstractValue = fields[ResourceRequestForm.Abstract].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            Amounts = PlatformCatalog.All.ToDictionary(p => p.Name, p => fields.Field(ResourceRequestForm.AmountField(p.Name)), StringComparer.Ordinal),
        };
        var requested = form.Parse();
        if (form.Errors.Any)
        {
            return await RenderAsync(http, platform, collab, form, StatusCodes.Status400BadRequest);
        }

        var create = new CreateResourceRequestRequest { Collab = collab, Title = form.TitleValue, Abstract = form.AbstractValue, Requested = { requested } };
        try
        {
            var draft = await platform.QuotasAsync(http, Rpc.Quotas("CreateResourceRequest"), (s, c) => s.CreateResourceRequest(create, c));
            var submit = new SubmitResourceRequestRequest { Id = draft.Id };
            await platform.QuotasAsync(http, Rpc.Quotas("SubmitResourceRequest"), (s, c) => s.SubmitResourceRequest(submit, c));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.FailedPrecondition
            or StatusCode.ResourceExhausted)
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

            var status = e.StatusCode switch
            {
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status400BadRequest,
            };
            return await RenderAsync(http, platform, collab, form, status);
        }

        return Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/collabs/{Uri.EscapeDataString(collab)}/quotas#requests");
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IPlatformServices platform, string collab, ResourceRequestForm form, int status)
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
        }, status);
    }
}
