using Google.Protobuf.WellKnownTypes;

namespace Nmpi.Api.Platforms;

/// <summary>
/// The keys and value shapes a platform's hardware_config accepts, checked the same way by the gateway at submit
/// and again by the site before it runs a job (a site never takes the queue's word for it).
/// </summary>
public static class HardwareConfigRules
{
    // Integers beyond 2^53 cannot round-trip through a JSON double exactly.
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    /// <summary>One problem per unknown key or wrongly shaped value, in key order; empty when the config is valid.</summary>
    public static IReadOnlyList<HardwareConfigProblem> Check(PlatformInfo platform, Struct? config)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var problems = new List<HardwareConfigProblem>();
        if (config is null)
        {
            return problems;
        }

        foreach (var (key, value) in config.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!platform.ConfigKeys.TryGetValue(key, out var kind))
            {
                var allowed = platform.ConfigKeys.Count == 0
                    ? $"{platform.Name} accepts no hardware_config keys"
                    : $"allowed keys for {platform.Name}: " + string.Join(", ", platform.ConfigKeys.Keys);
                problems.Add(new(key, $"unknown key; {allowed}"));
            }
            else if (Shape(kind, value) is { } problem)
            {
                problems.Add(new(key, problem));
            }
        }

        return problems;
    }

    private static string? Shape(HardwareConfigValueKind kind, Value value) => kind switch
    {
        HardwareConfigValueKind.String => value.KindCase == Value.KindOneofCase.StringValue ? null : "must be a string",
        HardwareConfigValueKind.Integer => IsInteger(value) ? null : "must be an integer",
        HardwareConfigValueKind.IntegerOrIntegerList => IsInteger(value) || IsListOf(value, IsInteger)
            ? null
            : "must be an integer or a non-empty list of integers",
        HardwareConfigValueKind.StringList => IsListOf(value, v => v.KindCase == Value.KindOneofCase.StringValue)
            ? null
            : "must be a non-empty list of strings",
        _ => $"has a shape ({kind}) that is not known here",
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
