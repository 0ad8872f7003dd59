using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>How a platform counts a finished job's resource usage in its quota units.</summary>
public abstract class PlatformUsage
{
    /// <summary>The quota units, as PlatformCatalog names them.</summary>
    public abstract string Units { get; }

    /// <summary>The usage of a job that ran for <paramref name="elapsed"/> with the given hardware_config.</summary>
    public abstract ResourceUsage Measure(TimeSpan elapsed, Struct? hardwareConfig);

    /// <summary>The usage rule of a platform in PlatformCatalog.</summary>
    public static PlatformUsage For(string platform, PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return platform switch
        {
            PlatformCatalog.BrainScaleS => new WaferHours(),
            PlatformCatalog.SpiNNaker => new CoreHours(options.SpiNNakerCores),
            PlatformCatalog.BrainScaleSEss or PlatformCatalog.Spikey => new Hours(),
            _ => throw new ArgumentException($"{platform} is not a platform in the catalog.", nameof(platform)),
        };
    }

    // Negative spans cannot happen with a monotonic clock, but a charge must never be negative.
    protected static double HoursOf(TimeSpan elapsed) => Math.Max(0, elapsed.TotalHours);
}
