using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Preparation;
using Nmpi.Api.V1;
using Nmpi.Client;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters;

/// <summary>Registers the site adapter in a host.</summary>
public static class AdapterServiceCollectionExtensions
{
    /// <summary>Adds the adapter worker, its options (section Nmpi:Adapter, validated at start) and its gateway client.</summary>
    public static IServiceCollection AddSiteAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdapterOptions>().Bind(configuration.GetSection(AdapterOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdapterOptions>, AdapterOptionsValidator>();

        // A usable key file wins over ApiKey; a bad one is reported by the validator.
        services.PostConfigure<AdapterOptions>(o =>
        {
            if (!string.IsNullOrEmpty(o.ApiKeyFile) && ProviderKeyFile.Problem(o.ApiKeyFile) is null)
            {
                o.ApiKey = ProviderKeyFile.Read(o.ApiKeyFile);
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        // One gateway or several (gRPC's pick_first balancer moves to the next when the one in use fails).
        services.AddSingleton(sp => GatewayChannel.Create(
            sp.GetRequiredService<IOptions<AdapterOptions>>().Value.GatewayUrlList().Select(u => new Uri(u)).ToArray(),
            new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 }));
        services.AddSingleton(sp =>
        {
            var key = sp.GetRequiredService<IOptions<AdapterOptions>>().Value.ApiKey;
            var invoker = sp.GetRequiredService<GrpcChannel>().Intercept(headers =>
            {
                headers.Add("x-api-key", key);
                return headers;
            });
            return new AdaptersClient(invoker);
        });
        services.AddSingleton<JobPreparation>();
        services.AddSingleton<JobSandbox>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<AdapterWorker>();
        return services;
    }
}
