namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Resources a job used, in the platform's units.</summary>
[GenerateSerializer, Alias("nmpi.ResourceUsage")]
public sealed record ResourceUsage([property: Id(0)] double Value, [property: Id(1)] string Units);
