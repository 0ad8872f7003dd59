using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks a hardware_config object against the keys and value shapes its platform accepts.</summary>
public static class HardwareConfigValidator
{
    // Integers beyond 2^53 cannot round-trip through a JSON double exactly.
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    /// <summary>Returns one violation per unknown key or wrongly shaped value, named <c>hardware_config.KEY</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(PlatformInfo platform, Struct? config)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var violations = new List<FieldViolation>();
        if (config is null)
        {
            return violations;
        }

        foreach (var (key, value) in config.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var field = $"hardware_config.{key}";
            if (!platform.ConfigKeys.TryGetValue(key, out var kind))
            {
                var allowed = platform.ConfigKeys.Count == 0
                    ? $"{platform.Name} accepts no hardware_config keys"
                    : $"allowed keys for {platform.Name}: " + string.Join(", ", platform.ConfigKeys.Keys);
                violations.Add(new(field, $"unknown key '{key}'; {allowed}"));
                continue;
            }

            if (Check(kind, value) is { } problem)
            {
                violations.Add(new(field, problem));
            }
        }

        return violations;
    }

    private static string? Check(HardwareConfigValueKind kind, Value value) => kind switch
    {
        HardwareConfigValueKind.String => value.KindCase == Value.KindOneofCase.StringValue ? null : "must be a string",
        HardwareConfigValueKind.Integer => IsInteger(value) ? null : "must be an integer",
        HardwareConfigValueKind.IntegerOrIntegerList => IsInteger(value) || IsListOf(value, IsInteger)
            ? null
            : "must be an integer or a non-empty list of integers",
        HardwareConfigValueKind.StringList => IsListOf(value, v => v.KindCase == Value.KindOneofCase.StringValue)
            ? null
            : "must be a non-empty list of strings",
        _ => "has an unsupported shape",
    };

    private static bool IsInteger(Value value) =>
        value.KindCase == Value.KindOneofCase.NumberValue
        && double.IsFinite(value.NumberValue)
        && Math.Floor(value.NumberValue) == value.NumberValue
        && Math.Abs(value.NumberValue) <= MaxExactInteger;

    private static bool IsListOf(Value value, Func<Value, bool> item) =>
        value.KindCase == Value.KindOneofCase.ListValue
        && value.ListValue.Values.Count > 0
        && value.ListValue.Values.All(item);
}
