namespace Nmpi.GrainInterfaces.Code;

/// <summary>A code file the collector removed from the index: whose area it was in and its content address.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CollectedBlob")]
public sealed record CollectedBlob(
    [property: Id(0)] string Owner,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Size);
