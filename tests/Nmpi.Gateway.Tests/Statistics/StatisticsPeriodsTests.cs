using Nmpi.Gateway.Statistics;
using Layout = Nmpi.Gateway.Statistics.StatisticsPeriods.Layout;

namespace Nmpi.Gateway.Tests.Statistics;

public sealed class StatisticsPeriodsTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    [Fact]
    public void NoDates_CoverTheThirtyDaysBeforeToday()
    {
        var (grid, problems) = StatisticsPeriods.Grid("", "", 0, Today, Layout.Inside);

        Assert.Empty(problems);
        Assert.Equal((new DateOnly(2026, 11, 4), 7, 4), (grid!.Start, grid.IntervalDays, grid.Periods));
    }

    [Theory]
    [InlineData(Layout.Inside, 30, 7, 4)]
    [InlineData(Layout.Inside, 3, 7, 1)]
    [InlineData(Layout.Covering, 30, 7, 5)]
    [InlineData(Layout.Covering, 28, 7, 5)]
    [InlineData(Layout.UpToEnd, 30, 7, 5)]
    [InlineData(Layout.UpToEnd, 28, 7, 4)]
    [InlineData(Layout.UpToEnd, 0, 7, 1)]
    public void Periods_FollowEachStatisticsLayout(Layout layout, int days, int interval, int expected)
    {
        var (grid, _) = StatisticsPeriods.Grid("2026-01-01", StatisticsPeriods.Text(new DateOnly(2026, 1, 1).AddDays(days)), interval, Today, layout);

        Assert.Equal(expected, grid!.Periods);
    }

    [Theory]
    [InlineData("01/02/2026", "", 7, "start")]
    [InlineData("", "tomorrow", 7, "end")]
    [InlineData("2026-03-02", "2026-03-01", 7, "start")]
    [InlineData("2000-01-01", "2026-01-01", 7, "start")]
    [InlineData("", "", -1, "interval")]
    [InlineData("2020-01-01", "2026-01-01", 1, "interval")]
    public void BadParameters_NameTheirField(string start, string end, int interval, string field)
    {
        var (grid, problems) = StatisticsPeriods.Grid(start, end, interval, Today, Layout.Inside);

        Assert.Null(grid);
        Assert.Equal(field, problems[0].Field);
    }
}
