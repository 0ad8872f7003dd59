using Grpc.Core;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Turns components into HTML answers, and refusals of the platform into pages a person understands.</summary>
internal static class PageResults
{
    public static IResult Page<TComponent>(object parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent =>
        new RazorComponentResult<TComponent>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    public static IResult Problem(HttpContext http, int status, string title, string detail)
    {
        // Error pages are never cached: the same address may show a job once the caller may see it.
        http.Response.Headers.CacheControl = "no-store";
        return Page<ProblemPage>(new { Viewer = Viewer.Of(http), Status = status, Title = title, Detail = detail }, status);
    }

    /// <summary>The sign-in page for a visitor without a valid session, coming back to the page they asked for.</summary>
    public static IResult SignIn(HttpContext http)
    {
        SessionCookie.Clear(http);
        // Only a page that was being looked at is worth coming back to; a refused POST is not repeated.
        var back = HttpMethods.IsGet(http.Request.Method) ? "?return=" + Uri.EscapeDataString($"{http.Request.Path}{http.Request.QueryString}") : "";
        return Results.Redirect(JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/signin" + back);
    }

    /// <summary>The page for a failed call; messages of the platform are written for callers, so they are shown as they are.</summary>
    public static IResult ForFailure(HttpContext http, RpcException e) => e.StatusCode switch
    {
        StatusCode.Unauthenticated => SignIn(http),
        // A job or collab the user may not see answers exactly as one that does not exist.
        StatusCode.NotFound => Problem(http, StatusCodes.Status404NotFound, "Not found", e.Status.Detail),
        StatusCode.PermissionDenied => Problem(http, StatusCodes.Status403Forbidden, "Not allowed", e.Status.Detail),
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange =>
            Problem(http, StatusCodes.Status400BadRequest, "Not possible", e.Status.Detail),
        StatusCode.ResourceExhausted => Problem(http, StatusCodes.Status429TooManyRequests, "Slow down", e.Status.Detail),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded =>
            Problem(http, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", e.Status.Detail),
        _ => Problem(http, StatusCodes.Status500InternalServerError, "Something went wrong", e.Status.Detail),
    };
}
