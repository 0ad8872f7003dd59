using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>Reads a v3 job submission (the body of POST /jobs/) into our SubmitJobRequest, naming each malformed field.</summary>
/// <remarks>Only the shape is checked here; the Jobs service validates the values as for any gRPC submit.</remarks>
public static class RestJobSubmission
{
    /// <summary>The request, or the violations of the body's shape (field names as v3 spells them).</summary>
    public static (Wire.SubmitJobRequest? Request, IReadOnlyList<FieldViolation> Violations) Read(JsonElement body)
    {
        var violations = new List<FieldViolation>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldViolation("body", "must be a JSON object")]);
        }

        var request = new Wire.SubmitJobRequest { RequestId = $"rest-{Guid.NewGuid():N}" };
        if (RequiredString(body, "code", violations) is { } code)
        {
            request.Code = CodeOf(code);
        }

        request.Collab = RequiredString(body, "collab", violations) ?? "";
        request.HardwarePlatform = RequiredString(body, "hardware_platform", violations) ?? "";
        request.Command = OptionalString(body, "command", violations) ?? "";

        if (Present(body, "hardware_config") is { } config)
        {
            if (config.ValueKind == JsonValueKind.Object)
            {
                request.HardwareConfig = JsonParser.Default.Parse<Struct>(config.GetRawText());
            }
            else
            {
                violations.Add(new("hardware_config", "must be a JSON object"));
            }
        }

        if (Present(body, "tags") is { } tags)
        {
            request.Tags.AddRange(StringList(tags, "tags", violations));
        }

        if (Present(body, "input_data") is { } inputs)
        {
            ReadInputs(inputs, request, violations);
        }

        return violations.Count == 0 ? (request, violations) : (null, violations);
    }

    /// <summary>
    /// v3 keeps code as one string: the script, or a URL the site fetches. A single-line absolute http(s) or file URL is
    /// an archive when its path ends in .zip, .tar.gz or .tgz, otherwise a git repository; anything else is the script.
    /// </summary>
    public static Wire.JobCode CodeOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var text = code.Trim();
        if (text.IndexOfAny([' ', '\n', '\r', '\t']) < 0
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https" or "file")
        {
            var path = uri.AbsolutePath;
            var archive = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
            return archive ? new Wire.JobCode { ArchiveUrl = text } : new Wire.JobCode { GitUrl = text };
        }

        return new Wire.JobCode { Inline = code };
    }

    /// <summary>A JSON list of strings (a tag list body); null with violations otherwise.</summary>
    public static IReadOnlyList<string> StringList(JsonElement value, string field, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (value.ValueKind != JsonValueKind.Array)
        {
            violations.Add(new(field, "must be a list of strings"));
            return [];
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else
            {
                violations.Add(new($"{field}[{index}]", "must be a string"));
            }

            index++;
        }

        return items;
    }

    // v3 sends input_data as data items ({"url": ...}); a bare URL string is accepted too.
    private static void ReadInputs(JsonElement inputs, Wire.SubmitJobRequest request, List<FieldViolation> violations)
    {
        if (inputs.ValueKind != JsonValueKind.Array)
        {
            violations.Add(new("input_data", "must be a list of data items ({\"url\": ...})"));
            return;
        }

        var index = 0;
        foreach (var item in inputs.EnumerateArray())
        {
            var url = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object when item.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String => u.GetString(),
                _ => null,
            };
            if (url is null)
            {
                violations.Add(new($"input_data[{index}].url", "is required (a URL string)"));
            }
            else
            {
                request.InputData.Add(url);
            }

            index++;
        }
    }

    private static JsonElement? Present(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? RequiredString(JsonElement body, string name, List<FieldViolation> violations)
    {
        if (Present(body, name) is not { } value)
        {
            violations.Add(new(name, "field required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            violations.Add(new(name, "must be a string"));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement body, string name, List<FieldViolation> violations)
    {
        if (Present(body, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            violations.Add(new(name, "must be a string"));
            return null;
        }

        return value.GetString();
    }
}
