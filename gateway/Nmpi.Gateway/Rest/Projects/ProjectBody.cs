using System.Text.Json;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>
/// The JSON body of a project create or update (EBRAINS <c>ProjectSubmission</c> / <c>ProjectUpdate</c>): every field
/// optional here, checked by the handler for what its operation needs. <c>quotas</c> is our addition: the amounts asked
/// for (create, update) or granted (accept), as <c>[{"platform": ..., "limit": ...}]</c>.
/// </summary>
public sealed record ProjectBody
{
    public string? Collab { get; init; }
    public string? Title { get; init; }
    public string? Abstract { get; init; }
    public string? Description { get; init; }
    public string? Owner { get; init; }

    /// <summary>The status asked for, already checked to be one of the EBRAINS names.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<PlatformLimit>? Quotas { get; init; }

    /// <summary>Reads a body; the error names the wrong field and says how (a 422 entry), and nothing is read when there is one.</summary>
    public static (ProjectBody? Body, FieldViolation? Error) Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, new("", "value is not a valid dict: the body must be a JSON object"));
        }

        FieldViolation? error = null;
        string? Text(string name)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error ??= new(name, "str type expected");
                return null;
            }

            return value.GetString();
        }

        var body = new ProjectBody
        {
            Collab = Text("collab"),
            Title = Text("title"),
            Abstract = Text("abstract"),
            Description = Text("description"),
            Owner = Text("owner"),
            Status = Text("status"),
        };
        if (error is not null)
        {
            return (null, error);
        }

        if (body.Status is not null && ProjectStatusNames.Parse(body.Status) is null)
        {
            return (null, new("status", $"value is not a valid enumeration member; permitted: {ProjectStatusNames.Allowed}, not '{body.Status}'"));
        }

        if (json.TryGetProperty("quotas", out var quotas) && quotas.ValueKind != JsonValueKind.Null)
        {
            var (limits, problem) = ReadLimits(quotas);
            return problem is null ? (body with { Quotas = limits }, null) : (null, problem);
        }

        return (body, null);
    }

    private static (IReadOnlyList<PlatformLimit>? Limits, FieldViolation? Error) ReadLimits(JsonElement quotas)
    {
        if (quotas.ValueKind != JsonValueKind.Array)
        {
            return (null, new("quotas", "value is not a valid list: quotas is a list of {\"platform\": ..., \"limit\": ...}"));
        }

        var limits = new List<PlatformLimit>();
        var index = 0;
        foreach (var item in quotas.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("platform", out var platform) || platform.ValueKind != JsonValueKind.String)
            {
                return (null, new($"quotas[{index}].platform", "field required: the platform's name as a string"));
            }

            if (!item.TryGetProperty("limit", out var limit) || limit.ValueKind != JsonValueKind.Number || !limit.TryGetDouble(out var amount))
            {
                return (null, new($"quotas[{index}].limit", "field required: the amount as a number"));
            }

            limits.Add(new PlatformLimit(platform.GetString()!, amount));
            index++;
        }

        return (limits, null);
    }

    /// <summary>The abstract we store: the abstract, then the description (if any) after a blank line.</summary>
    public static string Compose(string? summary, string? description) =>
        string.IsNullOrWhiteSpace(description) ? summary ?? "" : $"{summary}\n\n{description}".TrimStart('\n');
}

/// <summary>An amount on one platform, as a client sends it.</summary>
public sealed record PlatformLimit(string Platform, double Limit);
