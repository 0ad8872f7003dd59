using System.Net.Http.Headers;
using System.Text.Json;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Infrastructure;

/// <summary>An HTTP client of a platform's REST API, as the EBRAINS Python client or a site's poller would call it.</summary>
public static class RestClient
{
    /// <summary>A client for <paramref name="host"/>'s HTTP endpoint; with a bearer token for users or an x-api-key for sites.</summary>
    public static HttpClient For(PlatformHost host, string? bearer = null, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new HttpClient { BaseAddress = new Uri(host.HttpUrl) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    /// <summary>The body of <paramref name="response"/> as JSON.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
