using System.Text.Json;
using System.Text.Json.Serialization;
using Nmpi.GrainInterfaces.Code;

namespace Nmpi.Grains.Storage;

/// <summary>Compile-time JSON metadata for the files column of the code bundles table.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<CodeFile>))]
internal sealed partial class CodeJsonContext : JsonSerializerContext;
