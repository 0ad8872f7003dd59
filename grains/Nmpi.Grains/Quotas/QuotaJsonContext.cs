using System.Text.Json.Serialization;

namespace Nmpi.Grains.Quotas;

/// <summary>Compile-time JSON metadata for the per-platform amounts of requests.</summary>
[JsonSerializable(typeof(Dictionary<string, decimal>))]
internal sealed partial class QuotaJsonContext : JsonSerializerContext;
