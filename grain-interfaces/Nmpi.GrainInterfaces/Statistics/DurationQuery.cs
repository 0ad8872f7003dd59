namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>How to bin durations: the upper end in seconds (null: from the longest), the number of bins, linear or log10.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.DurationQuery")]
public sealed record DurationQuery([property: Id(0)] int? RequestedMax, [property: Id(1)] int Bins, [property: Id(2)] bool Log);
