using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>Reads query parameters the way the EBRAINS API takes them; a malformed value is a 400 naming the parameter.</summary>
public static class RestQuery
{
    /// <summary>An integer parameter between <paramref name="min"/> and <paramref name="max"/>, or its default when absent.</summary>
    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query[name].LastOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"'{name}' must be a whole number between {min} and {max}, not '{text}'.");
    }

    /// <summary>A boolean parameter (true/false, 1/0), or false when absent.</summary>
    public static bool Flag(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query[name].LastOrDefault();
        return text?.ToLowerInvariant() switch
        {
            null or "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw Invalid($"'{name}' must be true or false, not '{text}'."),
        };
    }

    /// <summary>A date parameter (yyyy-MM-dd), or null when absent.</summary>
    public static DateOnly? Date(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query[name].LastOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Invalid($"'{name}' must be a date like 2024-01-31, not '{text}'.");
    }

    /// <summary>Every value of a repeatable parameter, in order, without empty ones; <paramref name="aliases"/> are read too.</summary>
    public static IReadOnlyList<string> All(HttpRequest request, string name, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. new[] { name }.Concat(aliases).SelectMany(n => request.Query[n]).OfType<string>().Where(v => v.Length > 0)];
    }

    /// <summary>A 400 for a malformed parameter, as the REST filter answers an INVALID_ARGUMENT.</summary>
    public static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}
