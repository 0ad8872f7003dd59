namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>A run of log chunks and where to continue.</summary>
[GenerateSerializer, Alias("nmpi.LogPage")]
public sealed record LogPage(
    [property: Id(0)] IReadOnlyList<LogChunk> Chunks,
    [property: Id(1)] long NextSeq,
    [property: Id(2)] bool Complete);
