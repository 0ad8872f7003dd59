using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Gateway.Rest.Jobs;
using Nmpi.Gateway.Rest.Provider;

namespace Nmpi.Gateway.Rest;

/// <summary>
/// The EBRAINS Neuromorphic Computing Platform job queue REST API (v3) at the root path, so its clients and sites work
/// unchanged. Every handler runs the gRPC service implementation in-process (<see cref="InProcess.InProcessCalls"/>): one
/// set of rules for authentication, validation, tenancy, quotas and the state machine behind both surfaces.
/// </summary>
public static class RestEndpoints
{
    /// <summary>The version the API reports about itself.</summary>
    public const string Version = "3";

    public static IEndpointRouteBuilder MapNmpiRest(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Every failure of an in-process call becomes {"detail"} with its HTTP status; nothing else escapes as a 500 page.
        var api = endpoints.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            RestBody.Limit(context.HttpContext);
            try
            {
                return await next(context);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return RestErrors.Problem(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {RestBody.MaxBytes} bytes.");
            }
            catch (RestInputException e)
            {
                return RestErrors.Unprocessable(e.Location, e.Violations);
            }
            catch (RpcException e)
            {
                return RestErrors.FromRpc(e);
            }
        });
        api.MapGet("/", About);
        api.MapRestJobs();
        api.MapRestProvider();
        Projects.ProjectEndpoints.MapProjects(api);
        Collabs.CollabEndpoints.MapCollabs(api);
        Identity.UserInfoEndpoints.MapUserInfo(api);
        Statistics.StatisticsEndpoints.MapStatistics(api);
        return endpoints;
    }

    private static IResult About(HttpContext http) => Results.Json(new
    {
        about = "This is the job queue of the Neuromorphic Computing Platform (Nmpi.Orleans), compatible with the EBRAINS job queue API.",
        version = Version,
        links = new { documentation = "/docs/compatibility.md", jobs = "/jobs/", projects = "/projects/", collabs = "/collabs/", statistics = "/statistics/" },
        status = "ok",
    });
}
