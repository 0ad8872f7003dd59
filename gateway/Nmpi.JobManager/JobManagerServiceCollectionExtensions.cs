using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nmpi.JobManager;

/// <summary>Registers the web Job Manager: server-rendered pages (Razor components), anti-forgery, and the platform's services.</summary>
public static class JobManagerServiceCollectionExtensions
{
    /// <summary>Adds the pages; <typeparamref name="TServices"/> runs the platform's gRPC services in-process for them.</summary>
    public static IServiceCollection AddNmpiJobManager<TServices>(this IServiceCollection services)
        where TServices : class, IPlatformServices
    {
        services.TryAddSingleton<IPlatformServices, TServices>();
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddOptions<Endpoints.JobListOptions>().BindConfiguration(Endpoints.JobListOptions.SectionName)
            .Validate(o => o.FeedRecheck > TimeSpan.Zero && o.FeedRecheck <= TimeSpan.FromDays(1), $"{Endpoints.JobListOptions.SectionName}:FeedRecheck must be positive and at most a day.")
            .ValidateOnStart();
        return services;
    }
}
