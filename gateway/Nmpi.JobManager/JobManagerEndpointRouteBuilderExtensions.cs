using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.JobManager.Endpoints;

namespace Nmpi.JobManager;

/// <summary>Maps the web Job Manager under <see cref="PathPrefix"/> (the root path belongs to the REST API).</summary>
public static class JobManagerEndpointRouteBuilderExtensions
{
    /// <summary>Where the pages live.</summary>
    public const string PathPrefix = "/app";

    public static IEndpointRouteBuilder MapNmpiJobManager(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var app = endpoints.MapGroup(PathPrefix).AddEndpointFilter(PageFilter.InvokeAsync);
        AssetEndpoint.Map(app);
        SignInEndpoints.Map(app);
        OidcSignInEndpoints.Map(app);
        HomeEndpoints.Map(app);
        JobListEndpoints.Map(app);
        NewJobEndpoints.Map(app);
        JobDetailEndpoints.Map(app);
        JobNotesEndpoints.Map(app);
        QuotaEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        JobEventsEndpoint.Map(app);
        StatisticsEndpoints.Map(app);
        EmailEndpoints.Map(app);
        return endpoints;
    }
}
