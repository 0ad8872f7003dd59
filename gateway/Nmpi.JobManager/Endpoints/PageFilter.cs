using Grpc.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Runs around every page: the session becomes the calls' credential, security headers go out, and refusals become pages.</summary>
internal static class PageFilter
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        SessionCookie.AuthorizeCalls(http);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        try
        {
            // Scripts and styles need no facts about the user; every page does (its header, banner and controls).
            if (!http.Request.Path.StartsWithSegments(JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/assets", StringComparison.Ordinal))
            {
                await ViewerFacts.LoadAsync(http);
            }

            return await next(context);
        }
        catch (RpcException e) when (!http.Response.HasStarted)
        {
            return PageResults.ForFailure(http, e);
        }
        catch (AntiforgeryValidationException) when (!http.Response.HasStarted)
        {
            return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Form expired",
                "The form was not sent from this site or has expired. Go back, reload the page and try again.");
        }
    }
}
