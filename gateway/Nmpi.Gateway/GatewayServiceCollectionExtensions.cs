using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Auth.Oidc;
using Nmpi.Gateway.CodeBundles;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Outputs;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.RateLimits;
using Nmpi.Gateway.Rest;
using Nmpi.Gateway.Transport;
using Nmpi.JobManager;

namespace Nmpi.Gateway;

/// <summary>Registers the gateway: gRPC services, health, reflection, options, auth, artifact store and capability URLs.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds the gateway; the host must also provide an <c>IGrainFactory</c> (Orleans client or co-hosted silo).</summary>
    public static IServiceCollection AddNmpiGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.SectionName));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<SigningKeyCache>();
        services.AddOptions<AuthLookupOptions>()
            .Bind(configuration.GetSection(AuthLookupOptions.SectionName))
            .Validate(o => o.CallTimeout > TimeSpan.Zero && o.LastAnswerLifetime >= TimeSpan.Zero, "Nmpi:AuthLookups needs a positive CallTimeout and a LastAnswerLifetime of zero or more.")
            .ValidateOnStart();
        services.AddSingleton<CredentialLookups>();
        services.AddSingleton<CallerAuthenticator>();
        services.AddOptions<WriteRateLimitOptions>()
            .Bind(configuration.GetSection(WriteRateLimitOptions.SectionName))
            .Validate(o => o.Burst >= 1 && o.PerSecond > 0, "Nmpi:Gateway:WriteRateLimit needs Burst >= 1 and PerSecond > 0.")
            .ValidateOnStart();
        services.AddSingleton<WriteRateLimiter>();
        services.AddOptions<ReadRateLimitOptions>()
            .Bind(configuration.GetSection(ReadRateLimitOptions.SectionName))
            .Validate(o => o.Burst >= 1 && o.PerSecond > 0, "Nmpi:Gateway:ReadRateLimit needs Burst >= 1 and PerSecond > 0.")
            .ValidateOnStart();
        services.AddSingleton<ReadRateLimiter>();

        // Before routing, so a refused read costs no authentication, grain call or query.
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ReadRateLimit>();
        services.AddExternalTokenValidation(configuration);
        services.AddSingleton<ConfiguredProviderKeys>();
        services.AddSingleton<AdapterAuthenticator>();
        services.AddSingleton<Adapters.AdapterKeyBinding>();
        services.AddHostedService<ProviderKeySeeder>();
        services.AddSingleton(sp => new CapabilityTokens(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.SigningKeyBytes()));
        services.AddSingleton<CapabilityUrls>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<CodeBlobStore>();
        services.AddOptions<CodeCollectionOptions>()
            .Bind(configuration.GetSection(CodeCollectionOptions.SectionName))
            .Validate(o => o.BatchSize >= 1, "Nmpi:Gateway:CodeCollection needs BatchSize >= 1.")
            .ValidateOnStart();
        services.AddSingleton<CodeBlobCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<CodeBlobCollector>());
        services.AddSingleton<JobMapper>();
        services.AddSingleton<ErrorTranslator>();
        services.AddOptions<ServiceMode.ReadOnlyOptions>().Bind(configuration.GetSection(ServiceMode.ReadOnlyOptions.SectionName));
        services.AddSingleton<ServiceMode.ReadOnlyGuard>();
        services.AddSingleton<ServiceMode.ServiceStatus>();
        services.AddNmpiGatewayTransport(configuration);
        services.AddNmpiRest();
        services.AddNmpiJobManager<InProcess.InProcessPlatformServices>();

        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<ServiceMode.ReadOnlyInterceptor>();
            // Inline code (1 MiB) and log appends (1 MiB) plus framing must fit; anything larger is refused before parsing.
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("gateway", () => HealthCheckResult.Healthy());
        return services;
    }
}
