using Nmpi.GrainInterfaces.Adapters;

namespace Nmpi.Grains.Adapters;

/// <summary>The stored state of an adapter grain: its registration.</summary>
[GenerateSerializer, Alias("nmpi.AdapterState.v1")]
public sealed class AdapterState
{
    [Id(0)] public AdapterRegistration? Registration { get; set; }

    [Id(1)] public DateTimeOffset RegisteredAt { get; set; }
}
