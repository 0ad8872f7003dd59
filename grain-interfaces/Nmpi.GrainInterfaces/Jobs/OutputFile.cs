namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>An output file of a job, stored content-addressed in the artifact store.</summary>
[GenerateSerializer, Alias("nmpi.OutputFile")]
public sealed record OutputFile(
    [property: Id(0)] string Path,
    [property: Id(1)] long Size,
    [property: Id(2)] string ContentType,
    [property: Id(3)] string Sha256);
