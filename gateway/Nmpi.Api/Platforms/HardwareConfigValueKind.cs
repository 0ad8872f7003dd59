namespace Nmpi.Api.Platforms;

/// <summary>The JSON shape a hardware_config key must have.</summary>
public enum HardwareConfigValueKind
{
    /// <summary>A JSON string.</summary>
    String = 1,

    /// <summary>A JSON number without a fractional part.</summary>
    Integer = 2,

    /// <summary>An integer, or a list of integers.</summary>
    IntegerOrIntegerList = 3,

    /// <summary>A list of strings.</summary>
    StringList = 4,
}
