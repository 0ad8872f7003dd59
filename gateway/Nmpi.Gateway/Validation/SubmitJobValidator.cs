using System.Text.RegularExpressions;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks a SubmitJobRequest without any I/O and names each offending field as the proto does.</summary>
public static partial class SubmitJobValidator
{
    public const int MaxInlineCodeBytes = 1024 * 1024;
    public const int MaxCommandLength = 500;
    public const int MaxInputData = 100;

    /// <summary>The largest whole job spec, in bytes of its protobuf encoding: every field's own limit together, and a margin.</summary>
    public const int MaxSpecBytes = 1536 * 1024;
    public const string DefaultCommand = "run.py {system}";
    public static readonly TimeSpan MaxWallTime = TimeSpan.FromDays(7);

    [GeneratedRegex("^[A-Za-z0-9._:-]{8,128}\\z")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,128}\\z")]
    private static partial Regex ArtifactIdPattern();

    /// <summary>Returns every violation found; an empty list means the request may be submitted.</summary>
    public static IReadOnlyList<FieldViolation> Validate(SubmitJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();

        if (!RequestIdPattern().IsMatch(request.RequestId))
        {
            violations.Add(new("request_id", "must be 8 to 128 characters of A-Z a-z 0-9 . _ : -"));
        }

        ValidateCode(request.Code, violations);

        if (request.Command.Length > MaxCommandLength)
        {
            violations.Add(new("command", $"must be at most {MaxCommandLength} characters"));
        }
        else if (request.Command.IndexOfAny(['\0', '\r', '\n']) >= 0)
        {
            violations.Add(new("command", "must be a single line without NUL characters"));
        }

        if (request.InputData.Count > MaxInputData)
        {
            violations.Add(new("input_data", $"at most {MaxInputData} input URLs are allowed"));
        }

        for (var i = 0; i < request.InputData.Count; i++)
        {
            if (FieldRules.Url(request.InputData[i], "http", "https", "file") is { } problem)
            {
                violations.Add(new($"input_data[{i}]", problem));
            }
        }

        if (FieldRules.Platform(request.HardwarePlatform) is { } platformProblem)
        {
            violations.Add(new("hardware_platform", platformProblem));
        }
        else
        {
            violations.AddRange(HardwareConfigValidator.Validate(PlatformCatalog.Find(request.HardwarePlatform)!, request.HardwareConfig));
        }

        if (FieldRules.Collab(request.Collab) is { } collabProblem)
        {
            violations.Add(new("collab", collabProblem));
        }

        FieldRules.Tags(request.Tags, "tags", violations);

        if (request.WallTimeLimit is { } limit)
        {
            if (FieldRules.Duration(limit) is { } durationProblem)
            {
                violations.Add(new("wall_time_limit", durationProblem));
            }
            else if (limit.ToTimeSpan() is var span && (span <= TimeSpan.Zero || span > MaxWallTime))
            {
                violations.Add(new("wall_time_limit", "must be positive and at most 7 days"));
            }
        }

        if (violations.Count == 0 && request.CalculateSize() > MaxSpecBytes)
        {
            violations.Add(new("request", $"the whole job spec must be at most {MaxSpecBytes / 1024} KiB"));
        }

        return violations;
    }

    private static void ValidateCode(JobCode? code, List<FieldViolation> violations)
    {
        switch (code?.SourceCase ?? JobCode.SourceOneofCase.None)
        {
            case JobCode.SourceOneofCase.None:
                violations.Add(new("code", "exactly one code source (inline, artifact_id, git_url, archive_url) is required"));
                break;
            case JobCode.SourceOneofCase.Inline:
                if (string.IsNullOrWhiteSpace(code!.Inline))
                {
                    violations.Add(new("code.inline", "must not be empty"));
                }
                else if (FieldRules.Utf8Bytes(code.Inline) > MaxInlineCodeBytes)
                {
                    violations.Add(new("code.inline", "must be at most 1 MiB of UTF-8"));
                }

                break;
            case JobCode.SourceOneofCase.InlinePreview:
                violations.Add(new("code.inline_preview", "is how job lists show a script; submit the script itself as code.inline"));
                break;
            case JobCode.SourceOneofCase.ArtifactId:
                if (!ArtifactIdPattern().IsMatch(code!.ArtifactId))
                {
                    violations.Add(new("code.artifact_id", "must be 1 to 128 characters of A-Z a-z 0-9 -"));
                }

                break;
            case JobCode.SourceOneofCase.GitUrl:
                if (FieldRules.Url(code!.GitUrl, "http", "https", "file") is { } gitProblem)
                {
                    violations.Add(new("code.git_url", gitProblem));
                }

                break;
            case JobCode.SourceOneofCase.ArchiveUrl:
                if (FieldRules.Url(code!.ArchiveUrl, "http", "https", "file") is { } archiveProblem)
                {
                    violations.Add(new("code.archive_url", archiveProblem));
                }
                else if (!HasArchiveExtension(new Uri(code.ArchiveUrl).AbsolutePath))
                {
                    violations.Add(new("code.archive_url", "must end with .zip, .tar.gz or .tgz"));
                }

                break;
        }
    }

    private static bool HasArchiveExtension(string path) =>
        path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
}
