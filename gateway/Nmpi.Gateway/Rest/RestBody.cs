using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.Rest;

/// <summary>Reading request bodies of the REST API.</summary>
public static class RestBody
{
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
