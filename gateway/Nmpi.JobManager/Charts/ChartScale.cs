namespace Nmpi.JobManager.Charts;

/// <summary>The value axis of a chart: a round top at or above the largest value and evenly spaced round ticks from zero.</summary>
public sealed record ChartScale(double Max, IReadOnlyList<double> Ticks)
{
    /// <summary>An axis for values up to <paramref name="largest"/> with about <paramref name="targetTicks"/> steps of 1, 2 or 5 times a power of ten.</summary>
    public static ChartScale For(double largest, int targetTicks = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetTicks, 1);
        if (!double.IsFinite(largest) || largest <= 0)
        {
            return new ChartScale(1, [0, 1]);
        }

        var rough = largest / targetTicks;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * power).First(s => s >= rough);

        // Whole numbers are counted: no tick between 0 and 1 job.
        if (largest >= 1 && step < 1)
        {
            step = 1;
        }

        var steps = (int)Math.Ceiling(largest / step - 1e-9);
        var ticks = Enumerable.Range(0, steps + 1).Select(i => Math.Round(i * step, 10)).ToList();
        return new ChartScale(ticks[^1], ticks);
    }

    /// <summary>Where <paramref name="value"/> lies on the axis, from 0 (bottom) to 1 (top).</summary>
    public double Fraction(double value) => Math.Clamp(value / Max, 0, 1);
}
