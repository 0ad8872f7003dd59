using System.Text.Json;
using System.Text.Json.Serialization;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Storage;

/// <summary>Compile-time JSON metadata for the job documents (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobSnapshot))]
[JsonSerializable(typeof(JobSpec))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
