using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Registers <see cref="ExternalTokenValidator"/> when an external issuer is configured.</summary>
public static class OidcServiceCollectionExtensions
{
    /// <summary>Adds the validator and its checked options when <c>Nmpi:Auth:Oidc</c> exists, and browser sign-in when it names a ClientId; does nothing otherwise.</summary>
    public static IServiceCollection AddExternalTokenValidation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OidcOptions.SectionName);
        if (!section.Exists())
        {
            return services;
        }

        services.AddOptions<OidcOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExternalTokenValidator>();
        services.AddSingleton<ExternalDirectory>();
        if (!string.IsNullOrEmpty(section["ClientId"]))
        {
            services.AddSingleton<Nmpi.JobManager.IExternalSignIn, OidcSignIn>();
        }

        return services;
    }
}
