namespace Nmpi.GrainInterfaces.Scheduling;

/// <summary>A job waiting in a platform's queue.</summary>
[GenerateSerializer, Alias("nmpi.QueueEntry")]
public readonly record struct QueueEntry([property: Id(0)] long JobId, [property: Id(1)] string Collab);
