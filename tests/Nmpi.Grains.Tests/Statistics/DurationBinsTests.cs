using Nmpi.Grains.Statistics;

namespace Nmpi.Grains.Tests.Statistics;

public sealed class DurationBinsTests
{
    [Theory]
    [InlineData(0, null, 50, 50)]
    [InlineData(49.9, null, 50, 50)]
    [InlineData(50, null, 50, 100)]
    [InlineData(1234.5, null, 50, 1250)]
    [InlineData(1234.5, 600, 50, 600)]
    [InlineData(1234.5, 0, 10, 1240)]
    public void Max_IsTheRequestedOne_OrTheLongestRoundedUpToTheBinCount(double longest, int? requested, int bins, double expected) =>
        Assert.Equal(expected, DurationBins.Max(longest, requested, bins));

    [Fact]
    public void LinearEdges_RunFromZeroToMax_OneMoreThanTheBins()
    {
        Assert.Equal([0.0, 25, 50, 75, 100], DurationBins.Edges(100, 4, log: false));
        Assert.Equal(4, DurationBins.ValueCount(4, log: false));
        Assert.Equal(100, DurationBins.Top(100, log: false));
    }

    [Fact]
    public void LogEdges_RunFromZeroToThePowerOfTenAboveMax_AsManyAsTheBins()
    {
        Assert.Equal([0.0, 1, 2, 3, 4], DurationBins.Edges(5000, 5, log: true));
        Assert.Equal(4, DurationBins.ValueCount(5, log: true));
        Assert.Equal(4, DurationBins.Top(5000, log: true));
        Assert.Equal(1, DurationBins.LogTop(0.5));
    }

    [Fact]
    public void LogEdges_NeedTwoBins() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationBins.Edges(100, 1, log: true));
}
