namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>The job a submit created, or found when its request id was seen before.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.SubmitResult")]
public sealed record SubmitResult([property: Id(0)] JobSnapshot Job, [property: Id(1)] bool Created);
