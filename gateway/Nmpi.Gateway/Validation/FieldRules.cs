using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks shared by the request validators; each returns null when the value is fine, else the description.</summary>
internal static partial class FieldRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxTagLength = 64;
    public const int MaxTags = 20;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}\\z")]
    private static partial Regex CollabPattern();

    public static string? Url(string value, params string[] schemes)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "must not be empty";
        }

        if (value.Length > MaxUrlLength)
        {
            return $"must be at most {MaxUrlLength} characters";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            return $"must be an absolute {string.Join("/", schemes)} URL";
        }

        return null;
    }

    public static string? Collab(string value) =>
        CollabPattern().IsMatch(value) ? null : "must be 1 to 100 characters of A-Z a-z 0-9 . _ -";

    public static string? Tag(string value)
    {
        if (value.Length is 0 or > MaxTagLength)
        {
            return $"must be 1 to {MaxTagLength} characters";
        }

        return value.Any(char.IsControl) ? "must not contain control characters" : null;
    }

    public static void Tags(IReadOnlyList<string> tags, string field, List<FieldViolation> violations)
    {
        if (tags.Count > MaxTags)
        {
            violations.Add(new(field, $"at most {MaxTags} tags are allowed"));
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (Tag(tags[i]) is { } problem)
            {
                violations.Add(new($"{field}[{i}]", problem));
            }
        }
    }

    /// <summary>Null when the platform name is exact; otherwise a description that suggests the right spelling.</summary>
    public static string? Platform(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required (one of " + string.Join(", ", PlatformCatalog.All.Select(p => p.Name)) + ")";
        }

        if (PlatformCatalog.Find(value) is not null)
        {
            return null;
        }

        return PlatformCatalog.FindIgnoringCase(value) is { } close
            ? $"unknown platform '{value}'; did you mean '{close.Name}'?"
            : $"unknown platform '{value}'; one of " + string.Join(", ", PlatformCatalog.All.Select(p => p.Name));
    }

    public static int Utf8Bytes(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>Null when the duration is well formed (seconds and nanos agree in sign, nanos in range).</summary>
    public static string? Duration(Duration value)
    {
        var nanosInRange = value.Nanos is > -1_000_000_000 and < 1_000_000_000;
        var signsAgree = (value.Seconds >= 0 && value.Nanos >= 0) || (value.Seconds <= 0 && value.Nanos <= 0);

        // The range protobuf allows (about 10,000 years) also keeps the conversion to TimeSpan from overflowing.
        var inRange = value.Seconds is >= -315_576_000_000L and <= 315_576_000_000L;
        return nanosInRange && signsAgree && inRange ? null : "is not a valid duration";
    }

    /// <summary>Null when the timestamp is within the range protobuf allows.</summary>
    public static string? Timestamp(Timestamp value) =>
        value.Nanos is >= 0 and < 1_000_000_000 && value.Seconds is >= -62_135_596_800 and <= 253_402_300_799
            ? null
            : "is not a valid timestamp";
}
