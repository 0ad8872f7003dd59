using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>BrainScaleS: elapsed hours times the wafers the job held.</summary>
public sealed class WaferHours : PlatformUsage
{
    /// <summary>
    /// WAFER_MODULE names one wafer (the config accepts a single integer); a job without it still runs on the one
    /// wafer the site picks, so every BrainScaleS job holds exactly one wafer.
    /// </summary>
    public const int WafersPerJob = 1;

    public override string Units => "wafer-hours";

    public override ResourceUsage Measure(TimeSpan elapsed, Struct? hardwareConfig) =>
        new() { Value = HoursOf(elapsed) * WafersPerJob, Units = Units };
}
