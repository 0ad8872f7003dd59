using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks a hardware_config object against the keys and value shapes its platform accepts.</summary>
public static class HardwareConfigValidator
{
    /// <summary>The largest hardware_config accepted, in bytes of its protobuf encoding (real configs are a few hundred bytes).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Returns one violation per unknown key or wrongly shaped value, named <c>hardware_config.KEY</c>, or one for its size.</summary>
    public static IReadOnlyList<FieldViolation> Validate(PlatformInfo platform, Struct? config)
    {
        // A huge config would make every lease reply that carries the job too large for the site to receive.
        if (config is not null && config.CalculateSize() > MaxBytes)
        {
            return [new FieldViolation("hardware_config", $"must be at most {MaxBytes / 1024} KiB")];
        }

        return HardwareConfigRules.Check(platform, config).Select(p => new FieldViolation($"hardware_config.{p.Key}", p.Problem)).ToArray();
    }
}
