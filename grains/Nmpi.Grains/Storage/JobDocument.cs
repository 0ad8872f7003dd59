using System.Text.Json;
using System.Text.Json.Serialization;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Storage;

/// <summary>The JSON form of a job snapshot in the doc column of its row.</summary>
public static class JobDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serializes the snapshot (the log length is not stored: the log table has it).</summary>
    public static string Write(JobSnapshot job) => JsonSerializer.Serialize(job with { LogChunks = 0 }, Options);

    /// <summary>Reads a snapshot, taking the id from its row.</summary>
    public static JobSnapshot Read(long id, string json, long logChunks) =>
        (JsonSerializer.Deserialize<JobSnapshot>(json, Options)
            ?? throw new InvalidDataException($"Job {id} has an empty document."))
        with
        { Id = id, LogChunks = logChunks };

    /// <summary>A stable hash of what a submit asked for, to spot a request id reused for another request.</summary>
    public static string RequestHash(JobSpec spec)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(spec, Options);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}
