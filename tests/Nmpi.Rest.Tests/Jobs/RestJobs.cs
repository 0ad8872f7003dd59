using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>Calls of the v3 job endpoints the tests share, made as a v3 client makes them.</summary>
public static class RestJobs
{
    public const string Script = "import pyNN.mock as sim\nsim.setup()\nsim.run(10)\nsim.end()\n";

    /// <summary>A v3 submission body.</summary>
    public static JsonObject Body(string collab = "neuro", string platform = "SpiNNaker", string code = Script, params string[] tags) => new()
    {
        ["code"] = code,
        ["command"] = "run.py {system}",
        ["collab"] = collab,
        ["hardware_platform"] = platform,
        ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)JsonValue.Create(t))]),
    };

    /// <summary>POSTs a job and returns the created job; fails unless the answer is 201.</summary>
    public static async Task<JsonElement> SubmitAsync(HttpClient http, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/jobs/", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /jobs/ answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>GETs a path and returns its status and JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>Sends a request with an optional JSON body and returns its status and JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>The ids of a job list, in the order listed.</summary>
    public static long[] Ids(JsonElement jobs) => [.. jobs.EnumerateArray().Select(j => j.GetProperty("id").GetInt64())];

    /// <summary>The detail of an error body.</summary>
    public static string Detail(JsonElement body) => body.GetProperty("detail").ToString();

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
