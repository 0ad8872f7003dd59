using System.Text.Json.Nodes;
using Google.Protobuf;
using Nmpi.Api.V1;

namespace Nmpi.Cli.Output;

/// <summary>Jobs as JSON, in the API's own JSON form (docs/api.md), to embed in nmpi's JSON answers.</summary>
public static class JobJson
{
    /// <summary>The job in the protobuf JSON mapping (lowerCamelCase fields, enum names).</summary>
    public static JsonNode From(IMessage message) => JsonNode.Parse(JsonFormatter.Default.Format(message))!;

    /// <summary>A list of jobs as a JSON array.</summary>
    public static JsonArray From(IEnumerable<Job> jobs) => new(jobs.Select(From).ToArray());
}
