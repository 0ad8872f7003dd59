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

    /// <summary>Which kind of code the job runs: one of <see cref="CodeKinds"/>.</summary>
    public const string CodeKind = "code_kind";
    public const string GitUrl = "code_git_url";
    public const string ArchiveUrl = "code_archive_url";

    /// <summary>Files of a chosen folder (their names are paths below it) or one zip, posted as multipart.</summary>
    public const string UploadFiles = "code_files";
    public const string UploadZip = "code_zip";

    /// <summary>A bundle uploaded before (a resubmitted job's), run again when no new files are chosen.</summary>
    public const string Artifact = "code_artifact_id";

    /// <summary>The kinds of code the form offers, as CodeText names them.</summary>
    public static readonly IReadOnlyList<string> CodeKinds = ["inline", "git", "archive", "upload"];

    public string RequestIdValue { get; init; } = Guid.NewGuid().ToString("N");

    public string PlatformValue { get; init; } = "";

    public string CodeValue { get; init; } = "";

    public string CommandValue { get; init; } = "";

    public string InputDataValue { get; init; } = "";

    public string TagsValue { get; init; } = "";

    public string HardwareConfigValue { get; init; } = "";

    public string CodeKindValue { get; init; } = "inline";

    public string GitUrlValue { get; init; } = "";

    public string ArchiveUrlValue { get; init; } = "";

    public string ArtifactValue { get; init; } = "";

    /// <summary>The typed hardware-config inputs as typed, by <see cref="HardwareConfigFields.Name"/>.</summary>
    public Dictionary<string, string> HardwareValues { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The job this form was pre-filled from (resubmit), or 0.</summary>
    public long ResubmitOf { get; init; }

    public string HardwareValue(string platform, string key) => HardwareValues.GetValueOrDefault(HardwareConfigFields.Name(platform, key), "");

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

    /// <summary>The form field that shows a violation of a SubmitJob request field (e.g. code.git_url, input_data[2], hardware_config.HICANN).</summary>
    public string FieldOf(string requestField)
    {
        switch (requestField)
        {
            case "code.git_url":
                return GitUrl;
            case "code.archive_url":
                return ArchiveUrl;
            case "code.artifact_id":
                return UploadFiles;
        }

        // A key typed into its own input is answered there; one from the JSON box beside the box.
        if (requestField.StartsWith(HardwareConfig + ".", StringComparison.Ordinal))
        {
            var key = requestField[(HardwareConfig.Length + 1)..].Split('[', '.')[0];
            if (HardwareValue(PlatformValue, key).Trim().Length > 0)
            {
                return HardwareConfigFields.ErrorField(key);
            }
        }

        var end = requestField.IndexOfAny(['.', '[']);
        var head = end < 0 ? requestField : requestField[..end];
        return head is Platform or Code or Command or InputData or Tags or HardwareConfig ? head : "";
    }

    /// <summary>A violation as shown beside <paramref name="formField"/>: the part of the request field below it, then the description.</summary>
    public static string Message(string formField, string requestField, string description)
    {
        ArgumentNullException.ThrowIfNull(requestField);
        if (formField.Length == 0)
        {
            return $"{requestField}: {description}";
        }

        // Each code input is its request field itself, as is a typed hardware-config input.
        var rest = formField is Code or GitUrl or ArchiveUrl or UploadFiles || !requestField.StartsWith(formField, StringComparison.Ordinal)
            ? ""
            : requestField[formField.Length..].TrimStart('.');
        if (rest.StartsWith('[') && rest.EndsWith(']') && int.TryParse(rest[1..^1], out var index))
        {
            rest = formField is InputData or Tags ? $"line {index + 1}" : $"entry {index + 1}";
        }

        return rest.Length == 0 ? description : $"{rest}: {description}";
    }

    /// <summary>The lines of a multi-line field, blank ones dropped.</summary>
    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>Tags as typed, one per line and each kept exactly (commas and spaces are part of a tag); empty lines are dropped.</summary>
    /// <remarks>A line break can never be part of a tag (the service refuses control characters), so no tag is ever split or merged.</remarks>
    public static IEnumerable<string> TagList(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(t => t.Length > 0);

    /// <summary>The tags as <see cref="TagList"/> reads them back: one per line.</summary>
    public static string TagLines(IEnumerable<string> tags) => string.Join("\n", tags);
}
