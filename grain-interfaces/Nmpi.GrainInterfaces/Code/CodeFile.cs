namespace Nmpi.GrainInterfaces.Code;

/// <summary>One file of a code bundle: where it goes in the job's directory, its content address, size and mode.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CodeFile")]
public sealed record CodeFile(
    [property: Id(0)] string Path,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Size,
    [property: Id(3)] bool Executable);
