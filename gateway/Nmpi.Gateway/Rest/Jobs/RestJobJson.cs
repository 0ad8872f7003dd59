using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>Writes our wire jobs in the JSON shape of the EBRAINS job queue v3 (fields absent there are null, as v3 sends them).</summary>
public static class RestJobJson
{
    /// <summary>The name v3 gives the store its output URLs point into.</summary>
    public const string Repository = "Nmpi artifact store";

    /// <summary>A job as v3 returns it; the log and comments only when asked for.</summary>
    public static JsonObject Job(Wire.Job job, bool withLog = false, bool withComments = false)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JsonObject
        {
            ["id"] = job.Id,
            ["code"] = Code(job.Code),
            ["command"] = job.Command,
            ["collab"] = job.Collab,
            ["input_data"] = job.InputData.Count == 0 ? null : new JsonArray([.. job.InputData.Select(url => (JsonNode)InputItem(url))]),
            ["hardware_platform"] = job.HardwarePlatform,
            ["hardware_config"] = StructOrNull(job.HardwareConfig),
            ["tags"] = Tags(job.Tags),
            ["user_id"] = job.UserId,
            ["status"] = RestStatus.Name(job.Status),
            ["timestamp_submission"] = Timestamp(job.TimestampSubmission),
            ["timestamp_completion"] = Timestamp(job.TimestampCompletion),
            ["output_data"] = job.OutputData.Count == 0 ? null : DataSet(job.OutputData),
            ["provenance"] = StructOrNull(job.Provenance),
            ["resource_usage"] = job.ResourceUsage is { } usage ? new JsonObject { ["value"] = usage.Value, ["units"] = usage.Units } : null,
            ["comments"] = withComments ? new JsonArray([.. job.Comments.Select(c => (JsonNode)Comment(job.Id, c))]) : null,
            ["log"] = withLog ? job.Log : null,
            ["resource_uri"] = ResourceUri(job.Id),
        };
    }

    /// <summary>The job's path, which v3 clients follow.</summary>
    public static string ResourceUri(long id) => $"/jobs/{id}";

    /// <summary>The code as one string, as v3 stores it: the script itself or the URL it comes from; null on list pages for a script.</summary>
    public static string? Code(Wire.JobCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.SourceCase switch
        {
            Wire.JobCode.SourceOneofCase.Inline => code.Inline,
            Wire.JobCode.SourceOneofCase.GitUrl => code.GitUrl,
            Wire.JobCode.SourceOneofCase.ArchiveUrl => code.ArchiveUrl,

            // Uploaded code bundles have no URL of their own; v3 clients see their id, which the gRPC API resolves.
            Wire.JobCode.SourceOneofCase.ArtifactId => $"artifact:{code.ArtifactId}",

            // Listings never carry whole scripts (GET /jobs/{id} has it): null rather than a cut script that would pass for the code.
            Wire.JobCode.SourceOneofCase.InlinePreview => null,
            _ => "",
        };
    }

    /// <summary>A comment as v3 returns it.</summary>
    public static JsonObject Comment(long jobId, Wire.Comment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new JsonObject
        {
            ["id"] = comment.Id,
            ["job_id"] = jobId,
            ["content"] = comment.Text,
            ["user_id"] = comment.UserId,
            ["timestamp"] = Timestamp(comment.CreatedAt),
        };
    }

    /// <summary>The output files as a v3 data set: URLs that download without a token until they expire.</summary>
    public static JsonObject DataSet(IEnumerable<Wire.OutputFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new JsonObject
        {
            ["repository"] = Repository,
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
            {
                ["url"] = f.Url,
                ["path"] = f.Path,
                ["content_type"] = f.ContentType,
                ["size"] = f.Size,
                ["hash"] = f.Sha256,
            })]),
        };
    }

    /// <summary>A tag list as JSON.</summary>
    public static JsonArray Tags(IEnumerable<string> tags) => new([.. tags.Select(t => (JsonNode?)JsonValue.Create(t))]);

    /// <summary>A timestamp as v3 (Python's isoformat of an aware datetime) writes it; null when unset.</summary>
    public static string? Timestamp(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? null : at.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    private static JsonObject InputItem(string url) => new()
    {
        ["url"] = url,
        ["path"] = null,
        ["content_type"] = null,
        ["size"] = null,
        ["hash"] = null,
    };

    private static JsonNode? StructOrNull(Struct? value) =>
        value is null || value.Fields.Count == 0 ? null : JsonNode.Parse(JsonFormatter.Default.Format(value));
}
