using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Storage;

/// <summary>
/// The JSON forms of a job in its row: the spec (written once) and the state document (the rest of the
/// snapshot, rewritten on every move, so a large inline script is not written again with each one).
/// </summary>
public static class JobDocument
{
    private static readonly JsonSerializerOptions Options = new(JobJsonContext.Default.Options)
    {
        // The state document leaves the spec out; it is joined back from its own column.
        TypeInfoResolver = JobJsonContext.Default.WithAddedModifier(info =>
        {
            foreach (var property in info.Properties)
            {
                property.IsRequired = false;
            }
        }),
    };

    private static readonly JsonTypeInfo<JobSpec> SpecInfo = (JsonTypeInfo<JobSpec>)Options.GetTypeInfo(typeof(JobSpec));
    private static readonly JsonTypeInfo<JobSnapshot> StateInfo = (JsonTypeInfo<JobSnapshot>)Options.GetTypeInfo(typeof(JobSnapshot));

    /// <summary>Serializes what the user asked for.</summary>
    public static string WriteSpec(JobSpec spec) => JsonSerializer.Serialize(spec, SpecInfo);

    /// <summary>Serializes the state (no spec; no log length: the log table has it).</summary>
    public static string WriteState(JobSnapshot job) => JsonSerializer.Serialize(job with { Spec = null!, LogChunks = 0 }, StateInfo);

    /// <summary>Reads a job from its row's id, spec and state document.</summary>
    public static JobSnapshot Read(long id, string spec, string state, long logChunks) =>
        (JsonSerializer.Deserialize(state, StateInfo)
            ?? throw new InvalidDataException($"Job {id} has an empty document."))
        with
        {
            Id = id,
            Spec = JsonSerializer.Deserialize(spec, SpecInfo) ?? throw new InvalidDataException($"Job {id} has an empty spec."),
            LogChunks = logChunks,
        };

    /// <summary>A stable hash of what a submit asked for, to spot a request id reused for another request.</summary>
    public static string RequestHash(string specJson) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(specJson)));
}
