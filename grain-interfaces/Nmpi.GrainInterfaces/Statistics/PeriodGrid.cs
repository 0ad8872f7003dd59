namespace Nmpi.GrainInterfaces.Statistics;

/// <summary><see cref="Periods"/> consecutive periods of <see cref="IntervalDays"/> days from <see cref="Start"/> (UTC dates).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.PeriodGrid")]
public sealed record PeriodGrid([property: Id(0)] DateOnly Start, [property: Id(1)] int IntervalDays, [property: Id(2)] int Periods)
{
    /// <summary>The first day of period <paramref name="index"/>.</summary>
    public DateOnly StartOf(int index) => Start.AddDays(index * IntervalDays);

    /// <summary>The day after the last period's end.</summary>
    public DateOnly End => Start.AddDays(Periods * IntervalDays);
}
