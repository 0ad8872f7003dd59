using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Projects;

/// <summary>Project calls as an EBRAINS client makes them, with the checks every test needs.</summary>
public static class ProjectApi
{
    /// <summary>A project body for collab <paramref name="collab"/> asking for the amounts.</summary>
    public static object Body(string collab, string title = "Plasticity at scale", params (string Platform, double Limit)[] quotas) => new
    {
        collab,
        title,
        @abstract = "Large plastic networks on neuromorphic hardware.",
        quotas = (quotas.Length == 0 ? [("SpiNNaker", 5000.0)] : quotas).Select(q => new { platform = q.Platform, limit = q.Limit }).ToArray(),
    };

    /// <summary>Creates a project and returns it (asserting 201).</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/projects/", body);
        var json = await RestClient.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {json}");
        return json;
    }

    /// <summary>PUTs a body to a project; returns the status and the answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json)> PutAsync(HttpClient http, long id, object body)
    {
        using var response = await http.PutAsJsonAsync($"/projects/{id}", body);
        return (response.StatusCode, await RestClient.JsonAsync(response));
    }

    /// <summary>GETs a path; returns the status and the answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await RestClient.JsonAsync(response));
    }

    /// <summary>
    /// The detail of an error answer: the sentence of a domain error, or for malformed input (FastAPI's list) each entry as
    /// "loc.path: msg", joined by "; ".
    /// </summary>
    public static string Detail(JsonElement json)
    {
        var detail = json.GetProperty("detail");
        return detail.ValueKind == JsonValueKind.Array
            ? string.Join("; ", detail.EnumerateArray().Select(e =>
                $"{string.Join('.', e.GetProperty("loc").EnumerateArray().Select(p => p.ToString()))}: {e.GetProperty("msg").GetString()}"))
            : detail.GetString()!;
    }

    /// <summary>The ids of a list of projects.</summary>
    public static long[] Ids(JsonElement list) => [.. list.EnumerateArray().Select(p => p.GetProperty("id").GetInt64())];
}
