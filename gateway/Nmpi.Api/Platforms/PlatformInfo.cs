namespace Nmpi.Api.Platforms;

/// <summary>One hardware platform: its exact name, its quota units and the hardware_config keys it accepts.</summary>
public sealed record PlatformInfo(
    string Name,
    string Units,
    IReadOnlyDictionary<string, HardwareConfigValueKind> ConfigKeys);
