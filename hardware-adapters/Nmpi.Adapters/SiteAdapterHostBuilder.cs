using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nmpi.Adapters;

/// <summary>Builds a site adapter as a host of its own, for processes that run adapters beside other work (local mode, tests).</summary>
public static class SiteAdapterHostBuilder
{
    /// <summary>Builds (does not start) an adapter host from flat settings such as <c>Nmpi:Adapter:Platform</c>.</summary>
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> settings, Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(l => logging?.Invoke(l));
        builder.Services.AddSiteAdapter(builder.Configuration);

        // A running job gets the time to be killed and reported before the host stops.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder.Build();
    }
}
