using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Adapters;
using Nmpi.Gateway.Collabs;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Outputs;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.Quotas;
using Nmpi.Gateway.Rest;
using Nmpi.JobManager;

namespace Nmpi.Gateway;

/// <summary>Maps the gateway's endpoints: the gRPC services, gRPC health (and reflection when configured), GET /outputs/{token}, and the EBRAINS-compatible REST API.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapNmpiGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<JobsService>();
        endpoints.MapGrpcService<AdaptersService>();
        endpoints.MapGrpcService<ProviderKeysService>();
        endpoints.MapGrpcService<QuotasService>();
        endpoints.MapGrpcService<AccountsService>();
        endpoints.MapGrpcService<CollabsService>();
        endpoints.MapGrpcService<Statistics.StatisticsService>();
        endpoints.MapGrpcHealthChecksService();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.GrpcReflection)
        {
            endpoints.MapGrpcReflectionService();
        }

        endpoints.MapGet(CapabilityUrls.RoutePrefix + "{token}", OutputEndpoint.Get);
        endpoints.MapNmpiRest();
        endpoints.MapNmpiJobManager();
        return endpoints;
    }
}
