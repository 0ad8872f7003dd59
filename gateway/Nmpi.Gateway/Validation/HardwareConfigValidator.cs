using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks a hardware_config object against the keys and value shapes its platform accepts.</summary>
public static class HardwareConfigValidator
{
    /// <summary>Returns one violation per unknown key or wrongly shaped value, named <c>hardware_config.KEY</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(PlatformInfo platform, Struct? config) =>
        HardwareConfigRules.Check(platform, config).Select(p => new FieldViolation($"hardware_config.{p.Key}", p.Problem)).ToArray();
}
