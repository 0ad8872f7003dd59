using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.Gateway.Rest;

/// <summary>Services of the EBRAINS-compatible REST API.</summary>
public static class RestServiceCollectionExtensions
{
    public static IServiceCollection AddNmpiRest(this IServiceCollection services)
    {
        // Runs before routing (a startup filter wraps the whole pipeline), so "//jobs//7" finds the route of "/jobs/7".
        services.AddTransient<IStartupFilter, RepeatedSlashes>();
        services.AddOptions<Provider.OutputSourceOptions>().BindConfiguration(Provider.OutputSourceOptions.SectionName);
        services.AddSingleton<Provider.SiteOutputFetcher>();
        return services;
    }

    /// <summary>Collapses repeated slashes in the request path, as the EBRAINS job queue tolerates them.</summary>
    private sealed class RepeatedSlashes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                var path = context.Request.Path.Value;
                if (path is not null && path.Contains("//", StringComparison.Ordinal))
                {
                    context.Request.Path = new PathString(Collapse(path));
                }

                return following(context);
            });
            next(app);
        };

        private static string Collapse(string path)
        {
            var builder = new System.Text.StringBuilder(path.Length);
            foreach (var c in path)
            {
                if (c != '/' || builder.Length == 0 || builder[^1] != '/')
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
