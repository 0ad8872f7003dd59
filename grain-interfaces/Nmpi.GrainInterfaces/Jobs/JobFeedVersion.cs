namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>
/// Where a collab's job feed stands: the epoch of its activation and the number of changes it has seen since; any
/// difference means "look again". <c>default</c> stands for "nothing seen yet".
/// </summary>
[GenerateSerializer, Alias("nmpi.JobFeedVersion")]
public readonly record struct JobFeedVersion([property: Id(0)] Guid Epoch, [property: Id(1)] long Count);
