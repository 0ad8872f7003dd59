namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Names one lease of one job: reports carrying it are fenced by its epoch.</summary>
[GenerateSerializer, Alias("nmpi.LeaseRef")]
public readonly record struct LeaseRef([property: Id(0)] long JobId, [property: Id(1)] long Epoch);
