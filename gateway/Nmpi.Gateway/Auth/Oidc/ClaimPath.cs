using System.Text.Json;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Finds string values in a token's JSON payload by claim name or dotted path (<c>roles.team</c>).</summary>
public static class ClaimPath
{
    /// <summary>The strings at the path: an array's string elements, or a single string; nothing when absent or of another shape.</summary>
    public static IReadOnlyList<string> Strings(JsonElement payload, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Find(payload, path) is not { } value)
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => [],
        };
    }

    /// <summary>The string at the path, or null when absent, empty or not a string.</summary>
    public static string? String(JsonElement payload, string path) =>
        Find(payload, path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    private static JsonElement? Find(JsonElement payload, string path)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // A claim literally named "roles.team" wins over the nested roles → team.
        if (payload.TryGetProperty(path, out var flat))
        {
            return flat;
        }

        var current = payload;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }
}
