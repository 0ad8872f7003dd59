namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>One appended piece of a job's log.</summary>
[GenerateSerializer, Alias("nmpi.LogChunk")]
public sealed record LogChunk(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset WrittenAt);
