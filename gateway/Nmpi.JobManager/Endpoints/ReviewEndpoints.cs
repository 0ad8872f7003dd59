using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The platform administrators' review of resource requests across collabs: accept with amounts, or reject with a reason.</summary>
internal static class ReviewEndpoints
{
    public const string Path = "/admin/requests";

    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path + "/{id:long}/decide", DecideAsync);
    }

    private static Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform) =>
        RenderAsync(http, platform, null, StatusCodes.Status200OK);

    private static async Task<IResult> DecideAsync(HttpContext http, IPlatformServices platform, long id)
    {
        var fields = await Forms.ReadCheckedAsync(http);
        var request = await platform.QuotasAsync(http, Rpc.Quotas("GetResourceRequest"), (s, c) => s.GetResourceRequest(new GetResourceRequestRequest { Id = id }, c));
        var form = new DecisionForm
        {
            RequestId = id,
            DecisionValue = fields.Field(DecisionForm.Decision),
            NoteValue = fields.Field(DecisionForm.Note),
            Grants = request.Requested.ToDictionary(a => a.Platform, a => fields.Field(DecisionForm.GrantField(a.Platform)), StringComparer.Ordinal),
        };
        if (form.ToRequest(request) is not { } decide)
        {
            return await RenderAsync(http, platform, form, StatusCodes.Status400BadRequest);
        }

        try
        {
            // A caller who is no administrator gets the service's PERMISSION_DENIED (403) from here, unchanged.
            await platform.QuotasAsync(http, Rpc.Quotas("DecideResourceRequest"), (s, c) => s.DecideResourceRequest(decide, c));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            if (e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations is { Count: > 0 } violations)
            {
                foreach (var violation in violations)
                {
                    form.AddViolation(violation.Field, violation.Description, decide);
                }
            }
            else
            {
                form.Errors.Add("", e.Status.Detail);
            }

            return await RenderAsync(http, platform, form, StatusCodes.Status400BadRequest);
        }

        return Results.Redirect(JobManagerEndpointRouteBuilderExtensions.PathPrefix + Path);
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IPlatformServices platform, DecisionForm? form, int status)
    {
        var me = await platform.AccountsAsync(http, Rpc.Accounts("WhoAmI"), (s, c) => s.WhoAmI(new WhoAmIRequest(), c));
        if (me.User is not { Admin: true })
        {
            // Listing would show only the user's own collabs' requests; the review itself is the administrators' alone.
            return PageResults.Problem(http, StatusCodes.Status403Forbidden, "Not allowed", "Only platform administrators review resource requests.");
        }

        var list = new ListResourceRequestsRequest { Status = ResourceRequestStatus.UnderReview, PageSize = 500 };
        var pending = await platform.QuotasAsync(http, Rpc.Quotas("ListResourceRequests"), (s, c) => s.ListResourceRequests(list, c));
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<ReviewPage>(new
        {
            Viewer = Viewer.Of(http),
            Requests = pending.Requests.OrderBy(r => r.Id).ToList(),
            Form = form,
            Me = me.User.UserId,
        }, status);
    }
}
