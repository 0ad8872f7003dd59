using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.JobManager.Display;

/// <summary>
/// The typed hardware-config inputs of a platform (one per key the platform accepts) and the raw JSON box, merged into
/// one hardware_config; and the reverse, a job's config split back into typed inputs and JSON for a pre-filled form.
/// </summary>
public static class HardwareConfigFields
{
    /// <summary>The form field of a platform's typed input for <paramref name="key"/>.</summary>
    public static string Name(string platform, string key) => $"hw:{platform}:{key}";

    /// <summary>The error slot beside the typed input for <paramref name="key"/> (of the chosen platform).</summary>
    public static string ErrorField(string key) => $"{NewJobForm.HardwareConfig}.{key}";

    /// <summary>What a person types for a kind of value, shown under the input.</summary>
    public static string Hint(HardwareConfigValueKind kind) => kind switch
    {
        HardwareConfigValueKind.Integer => "a whole number",
        HardwareConfigValueKind.IntegerOrIntegerList => "a whole number, or several separated by commas",
        HardwareConfigValueKind.StringList => "one entry per line",
        _ => "text",
    };

    /// <summary>
    /// Merges the typed inputs of <paramref name="platform"/> (keys with text) into the raw JSON object; every problem goes to
    /// <paramref name="form"/> beside the field concerned, and then no config is returned.
    /// </summary>
    public static Struct? Merge(PlatformInfo? platform, IReadOnlyDictionary<string, string> typed, string rawJson, NewJobForm form)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(form);
        var errors = form.Errors.Values.Sum(l => l.Count);
        var config = new Struct();
        if (rawJson.Trim().Length > 0)
        {
            try
            {
                config = Struct.Parser.ParseJson(rawJson);
            }
            catch (InvalidProtocolBufferException)
            {
                form.AddError(NewJobForm.HardwareConfig, "must be a JSON object, e.g. {\"spynnaker_version\": \"7.0\"}");
            }
            catch (InvalidJsonException)
            {
                form.AddError(NewJobForm.HardwareConfig, "is not valid JSON");
            }
        }

        foreach (var (name, text) in typed)
        {
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var parts = name.Split(':', 3);
            var key = parts.Length == 3 ? parts[2] : name;
            if (platform is null || parts.Length != 3 || parts[1] != platform.Name || !platform.ConfigKeys.TryGetValue(key, out var kind))
            {
                // Inputs of other platforms are disabled by the script; without it they still arrive and must not be dropped silently.
                var owner = parts.Length == 3 ? parts[1] : "another platform";
                form.AddError(NewJobForm.HardwareConfig, $"{key} is a setting of {owner}, not of {platform?.Name ?? "the chosen platform"}: clear it or choose {owner}");
                continue;
            }

            if (Parse(kind, text) is not { } value)
            {
                form.AddError(ErrorField(key), $"must be {Hint(kind)}");
            }
            else if (config.Fields.ContainsKey(key))
            {
                form.AddError(ErrorField(key), $"is also set in the JSON box below; keep one of the two");
            }
            else
            {
                config.Fields[key] = value;
            }
        }

        return form.Errors.Values.Sum(l => l.Count) > errors ? null : config;
    }

    /// <summary>A typed input's text as the JSON value of its kind, or null when it does not read as one.</summary>
    public static Value? Parse(HardwareConfigValueKind kind, string text)
    {
        switch (kind)
        {
            case HardwareConfigValueKind.String:
                return Value.ForString(text.Trim());
            case HardwareConfigValueKind.Integer:
                return Integer(text) is { } number ? Value.ForNumber(number) : null;
            case HardwareConfigValueKind.IntegerOrIntegerList:
                var items = text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
                var numbers = items.Select(Integer).ToList();
                if (numbers.Count == 0 || numbers.Any(n => n is null))
                {
                    return null;
                }

                return numbers.Count == 1 ? Value.ForNumber(numbers[0]!.Value) : Value.ForList([.. numbers.Select(n => Value.ForNumber(n!.Value))]);
            case HardwareConfigValueKind.StringList:
                return Value.ForList([.. NewJobForm.Lines(text).Select(Value.ForString)]);
            default:
                return null;
        }
    }

    /// <summary>
    /// Splits a job's config for a pre-filled form: values a typed input of <paramref name="platform"/> can show go there
    /// (keyed by <see cref="Name"/>), the rest stays as JSON ("" when nothing is left).
    /// </summary>
    public static (Dictionary<string, string> Typed, string RawJson) Split(PlatformInfo? platform, Struct? config)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new Struct();
        foreach (var (key, value) in config?.Fields ?? [])
        {
            if (platform is not null && platform.ConfigKeys.TryGetValue(key, out var kind) && Text(kind, value) is { } text)
            {
                typed[Name(platform.Name, key)] = text;
            }
            else
            {
                rest.Fields[key] = value;
            }
        }

        return (typed, rest.Fields.Count == 0 ? "" : JsonFormatter.Default.Format(rest));
    }

    private static string? Text(HardwareConfigValueKind kind, Value value) => kind switch
    {
        HardwareConfigValueKind.String when value.KindCase == Value.KindOneofCase.StringValue => value.StringValue,
        HardwareConfigValueKind.Integer or HardwareConfigValueKind.IntegerOrIntegerList when WholeNumber(value) is { } n => n,
        HardwareConfigValueKind.IntegerOrIntegerList when value.KindCase == Value.KindOneofCase.ListValue && value.ListValue.Values.Count > 0
            && value.ListValue.Values.All(v => WholeNumber(v) is not null) => string.Join(", ", value.ListValue.Values.Select(WholeNumber)),
        HardwareConfigValueKind.StringList when value.KindCase == Value.KindOneofCase.ListValue
            && value.ListValue.Values.All(v => v.KindCase == Value.KindOneofCase.StringValue && v.StringValue.Length > 0 && v.StringValue == v.StringValue.Trim() && !v.StringValue.Contains('\n', StringComparison.Ordinal))
            => string.Join("\n", value.ListValue.Values.Select(v => v.StringValue)),
        _ => null,
    };

    private static string? WholeNumber(Value value) =>
        value.KindCase == Value.KindOneofCase.NumberValue && Math.Floor(value.NumberValue) == value.NumberValue && Math.Abs(value.NumberValue) < 1e15
            ? ((long)value.NumberValue).ToString(CultureInfo.InvariantCulture)
            : null;

    private static long? Integer(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && Math.Abs(n) < 1_000_000_000_000_000 ? n : null;
}
