namespace Nmpi.JobManager.Display;

/// <summary>What the new-job form holds (as typed, so a refused form comes back filled in) and the errors per field.</summary>
public sealed class NewJobForm
{
    /// <summary>Form fields, named as the SubmitJob request fields they feed.</summary>
    public const string Platform = "hardware_platform";
    public const string Code = "code";
    public const string Command = "command";
    public const string InputData = "input_data";
    public const string Tags = "tags";
    public const string HardwareConfig = "hardware_config";
    public const string RequestId = "request_id";

    public string RequestIdValue { get; init; } = Guid.NewGuid().ToString("N");

    public string PlatformValue { get; init; } = "";

    public string CodeValue { get; init; } = "";

    public string CommandValue { get; init; } = "";

    public string InputDataValue { get; init; } = "";

    public string TagsValue { get; init; } = "";

    public string HardwareConfigValue { get; init; } = "";

    /// <summary>Messages per form field; "" holds those that concern no one field.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    public void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The form field that shows a violation of a SubmitJob request field (e.g. code.inline, input_data[2], hardware_config.HICANN).</summary>
    public static string FieldOf(string requestField)
    {
        var end = requestField.IndexOfAny(['.', '[']);
        var head = end < 0 ? requestField : requestField[..end];
        return head is Platform or Code or Command or InputData or Tags or HardwareConfig ? head : "";
    }

    /// <summary>A violation as shown beside <paramref name="formField"/>: the part of the request field below it, then the description.</summary>
    public static string Message(string formField, string requestField, string description)
    {
        if (formField.Length == 0)
        {
            return $"{requestField}: {description}";
        }

        // The form's code box is the inline script, so code.inline is the field itself.
        var rest = formField == Code ? "" : requestField[formField.Length..].TrimStart('.');
        if (rest.StartsWith('[') && rest.EndsWith(']') && int.TryParse(rest[1..^1], out var index))
        {
            rest = formField == InputData ? $"line {index + 1}" : $"entry {index + 1}";
        }

        return rest.Length == 0 ? description : $"{rest}: {description}";
    }

    /// <summary>The lines of a multi-line field, blank ones dropped.</summary>
    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>Tags as typed: separated by commas or line breaks.</summary>
    public static IEnumerable<string> TagList(string text) =>
        text.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
