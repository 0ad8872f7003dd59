using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// SpiNNaker: elapsed hours times the cores the site allocates to a job. The adapter cannot see how many cores the
/// toolchain actually mapped, so the count is the site's setting (PlatformOptions.SpiNNakerCores), not a guess.
/// </summary>
public sealed class CoreHours(int cores) : PlatformUsage
{
    /// <summary>The cores a job is charged for.</summary>
    public int Cores { get; } = cores > 0 ? cores : throw new ArgumentOutOfRangeException(nameof(cores), cores, "A job holds at least one core.");

    public override string Units => "core-hours";

    public override ResourceUsage Measure(TimeSpan elapsed, Struct? hardwareConfig) =>
        new() { Value = HoursOf(elapsed) * Cores, Units = Units };
}
