namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>The jobs of one platform that wait (submitted, validated) and run (running, cancelling).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.PlatformQueue")]
public sealed record PlatformQueue([property: Id(0)] string Platform, [property: Id(1)] long Running, [property: Id(2)] long Submitted);
