using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// The site's own check of a job's hardware_config against its platform's keys and value shapes: the gateway checked
/// it at submit, but a site runs what it is given and so never takes the queue's word for it.
/// </summary>
public static class HardwareConfigCheck
{
    // Integers beyond 2^53 cannot round-trip through a JSON double exactly.
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    /// <summary>One problem per unknown key or wrongly shaped value, each starting <c>hardware_config.KEY</c>; empty when the config is valid.</summary>
    public static IReadOnlyList<string> Problems(PlatformInfo platform, Struct? config)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var problems = new List<string>();
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
                problems.Add($"hardware_config.{key}: unknown key; {allowed}");
            }
            else if (Shape(kind, value) is { } problem)
            {
                problems.Add($"hardware_config.{key}: {problem}");
            }
        }

        return problems;
    }

    /// <summary>The strings of a list-of-strings value, or none when the key is absent.</summary>
    public static IReadOnlyList<string> Strings(Struct? config, string key) =>
        config is not null && config.Fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.ListValue
            ? value.ListValue.Values.Select(v => v.StringValue).ToArray()
            : [];

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
        _ => $"has a shape ({kind}) this site does not know",
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
