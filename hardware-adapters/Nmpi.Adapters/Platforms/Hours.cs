using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>BrainScaleS-ESS and Spikey: elapsed hours (the ESS is a simulation on one host; a Spikey chip runs one job at a time).</summary>
public sealed class Hours : PlatformUsage
{
    public override string Units => "hours";

    public override ResourceUsage Measure(TimeSpan elapsed, Struct? hardwareConfig) =>
        new() { Value = HoursOf(elapsed), Units = Units };
}
