using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>One output file a site names in a v3 job update: where to fetch it and where it goes.</summary>
public sealed record RestOutputItem(string Url, string Path, string ContentType);

/// <summary>A site's v3 job update (the body of PUT /jobs/{id}): the status it reports and what comes with it.</summary>
public sealed record RestJobUpdate
{
    /// <summary>The statuses a site may report, in v3's names.</summary>
    public const string Accepted = "submitted (give the job back), validated, running, finished, error";

    public required string Status { get; init; }

    public IReadOnlyList<RestOutputItem> Outputs { get; init; } = [];

    public Struct? Provenance { get; init; }

    public Wire.ResourceUsage? ResourceUsage { get; init; }

    public string? Log { get; init; }

    /// <summary>Reads the body; the violations name the offending fields.</summary>
    public static (RestJobUpdate? Update, IReadOnlyList<FieldViolation> Violations) Read(JsonElement body)
    {
        var violations = new List<FieldViolation>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldViolation("body", "must be a JSON object")]);
        }

        string? status = null;
        if (!body.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.String)
        {
            violations.Add(new("status", "field required (a string)"));
        }
        else if (s.GetString() is "submitted" or "validated" or "running" or "finished" or "error")
        {
            status = s.GetString();
        }
        else
        {
            violations.Add(new("status", $"'{s.GetString()}' cannot be reported by a site (one of {Accepted})"));
        }

        Struct? provenance = null;
        if (Present(body, "provenance") is { } p)
        {
            if (p.ValueKind == JsonValueKind.Object)
            {
                provenance = JsonParser.Default.Parse<Struct>(p.GetRawText());
            }
            else
            {
                violations.Add(new("provenance", "must be a JSON object"));
            }
        }

        Wire.ResourceUsage? usage = null;
        if (Present(body, "resource_usage") is { } u)
        {
            if (u.ValueKind == JsonValueKind.Object
                && u.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number
                && u.TryGetProperty("units", out var units) && units.ValueKind == JsonValueKind.String)
            {
                usage = new Wire.ResourceUsage { Value = value.GetDouble(), Units = units.GetString()! };
            }
            else
            {
                violations.Add(new("resource_usage", "must be {\"value\": number, \"units\": string}"));
            }
        }

        string? log = null;
        if (Present(body, "log") is { } l)
        {
            if (l.ValueKind == JsonValueKind.String)
            {
                log = l.GetString();
            }
            else
            {
                violations.Add(new("log", "must be a string"));
            }
        }

        var outputs = Present(body, "output_data") is { } o ? ReadOutputs(o, violations) : [];
        return violations.Count == 0
            ? (new RestJobUpdate { Status = status!, Outputs = outputs, Provenance = provenance, ResourceUsage = usage, Log = log }, violations)
            : (null, violations);
    }

    // v3's data set: {"repository": ..., "files": [{"url", "path", "content_type", ...}]}; the path defaults to the URL's file name.
    private static List<RestOutputItem> ReadOutputs(JsonElement dataSet, List<FieldViolation> violations)
    {
        var items = new List<RestOutputItem>();
        if (dataSet.ValueKind != JsonValueKind.Object || !dataSet.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            violations.Add(new("output_data.files", "output_data must be a data set: {\"repository\": ..., \"files\": [{\"url\": ...}]}"));
            return items;
        }

        var index = 0;
        foreach (var file in files.EnumerateArray())
        {
            var field = $"output_data.files[{index++}]";
            if (file.ValueKind != JsonValueKind.Object
                || !file.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                violations.Add(new($"{field}.url", "is required: an absolute http or https URL the gateway fetches the file from"));
                continue;
            }

            var path = Text(file, "path") ?? Uri.UnescapeDataString(uri.Segments[^1]);
            if (path.Length == 0 || path.EndsWith('/'))
            {
                violations.Add(new($"{field}.path", "is required when the URL does not end with a file name"));
                continue;
            }

            items.Add(new RestOutputItem(uri.AbsoluteUri, path, Text(file, "content_type") ?? ""));
        }

        return items;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static JsonElement? Present(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
