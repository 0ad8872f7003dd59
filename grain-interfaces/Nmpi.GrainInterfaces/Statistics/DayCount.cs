namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>How many users (or resource requests) have their first job (or submission) on one UTC day.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.DayCount")]
public sealed record DayCount([property: Id(0)] DateOnly Day, [property: Id(1)] long Count);
