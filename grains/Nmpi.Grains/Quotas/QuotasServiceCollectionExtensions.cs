using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nmpi.Grains.Quotas;

/// <summary>Registers quotas: the stores, admission, the charge sweep with start-up grants, and the request events hook.</summary>
public static class QuotasServiceCollectionExtensions
{
    /// <summary>Adds quotas and binds Nmpi:Quotas; <see cref="IQuotaRequestEvents"/> defaults to telling nobody.</summary>
    public static IServiceCollection AddNmpiQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.SectionName));
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<ResourceRequestStore>();
        services.AddSingleton<QuotaAdmission>();
        services.TryAddSingleton<IQuotaRequestEvents, NoQuotaRequestEvents>();
        services.AddSingleton<QuotaSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<QuotaSweep>());
        return services;
    }
}
