using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Nmpi.Gateway.Logging;

/// <summary>
/// Logging defaults of every host, as the lowest-priority configuration source so appsettings, environment variables
/// and the command line still override them.
/// </summary>
public static class ConsoleLogDefaults
{
    /// <summary>The defaults: the simple console formatter named, and ASP.NET Core's per-request lines at Warning.</summary>
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        // Without a formatter name the console logger rebuilds its formatter options from its own obsolete settings and
        // drops Logging:Console:FormatterOptions (TimestampFormat, UseUtcTimestamp, SingleLine) on the floor.
        ["Logging:Console:FormatterName"] = "simple",
        // One Information line per request (140,000 in 15 minutes of the chaos soak) drowns everything else.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Puts the defaults beneath every other configuration source.</summary>
    public static void Apply(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
    }
}
