using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nmpi.Gateway.Rest;

/// <summary>Reading request bodies of the REST API.</summary>
public static class RestBody
{
    /// <summary>The largest request body of the REST API: a 1 MiB script or a 4 MiB log, JSON-escaped, fits.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>Lowers the request's body limit (Kestrel's default is 30 MB) to <see cref="MaxBytes"/>; reading past it throws a 413.</summary>
    public static void Limit(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > MaxBytes))
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
    }

    /// <summary>The request body as JSON; null when it is not JSON.</summary>
    public static async Task<JsonElement?> ReadJsonAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
