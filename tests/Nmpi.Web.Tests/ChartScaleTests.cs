using Nmpi.JobManager.Charts;

namespace Nmpi.Web.Tests;

/// <summary>The statistics charts' value axis and spans: pure arithmetic, no browser.</summary>
public sealed class ChartScaleTests
{
    [Theory]
    [InlineData(0, 1, new[] { 0.0, 1.0 })]
    [InlineData(-5, 1, new[] { 0.0, 1.0 })]
    [InlineData(double.NaN, 1, new[] { 0.0, 1.0 })]
    [InlineData(1, 1, new[] { 0.0, 1.0 })]
    [InlineData(3, 3, new[] { 0.0, 1.0, 2.0, 3.0 })]
    [InlineData(7, 8, new[] { 0.0, 2.0, 4.0, 6.0, 8.0 })]
    [InlineData(20, 20, new[] { 0.0, 5.0, 10.0, 15.0, 20.0 })]
    [InlineData(1234, 1500, new[] { 0.0, 500.0, 1000.0, 1500.0 })]
    [InlineData(0.3, 0.3, new[] { 0.0, 0.1, 0.2, 0.3 })]
    public void Axis_EndsAtOrAboveTheLargestValue_InRoundSteps(double largest, double max, double[] ticks)
    {
        var scale = ChartScale.For(largest);

        Assert.Equal(max, scale.Max, 9);
        Assert.Equal(ticks, scale.Ticks.ToArray());
    }

    [Fact]
    public void Fraction_IsClampedToTheAxis()
    {
        var scale = ChartScale.For(10);

        Assert.Equal(0, scale.Fraction(-1));
        Assert.Equal(0.5, scale.Fraction(5));
        Assert.Equal(1, scale.Fraction(25));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("", 30)]
    [InlineData("90", 90)]
    [InlineData("365", 365)]
    public void Span_AcceptsTheOfferedDays(string? days, int expected) => Assert.Equal(expected, StatisticsSpan.Parse(days)?.Days);

    [Theory]
    [InlineData("7")]
    [InlineData("30 ")]
    [InlineData("-30")]
    [InlineData("abc")]
    public void Span_RefusesAnyOtherValue(string days) => Assert.Null(StatisticsSpan.Parse(days));

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(45.5, "45.5 s")]
    [InlineData(150, "2.5 min")]
    [InlineData(7200, "2 h")]
    [InlineData(3 * 86400, "3 d")]
    public void Durations_ReadAsPeopleWriteThem(double seconds, string text) => Assert.Equal(text, DurationText.Of(seconds));
}
