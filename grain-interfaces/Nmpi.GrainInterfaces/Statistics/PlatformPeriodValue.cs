namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>A count or amount of one platform in one period of a <see cref="PeriodGrid"/>.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.PlatformPeriodValue")]
public sealed record PlatformPeriodValue([property: Id(0)] string Platform, [property: Id(1)] int Period, [property: Id(2)] decimal Value);
