using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>The operator's read-only switch, as an operator uses it: change the setting and reload the configuration (appsettings.json is watched).</summary>
public static class ServiceMode
{
    public static void SetReadOnly(this PlatformHost host, bool enabled, string message)
    {
        ArgumentNullException.ThrowIfNull(host);
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Nmpi:Gateway:ReadOnly:Enabled"] = enabled ? "true" : "false";
        configuration["Nmpi:Gateway:ReadOnly:Message"] = message;
        configuration.Reload();
    }
}
