using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Tests.Quotas;

public sealed class QuotaShortfallTests
{
    [Fact]
    public void Describe_SaysWhatIsLeft_InTheUnits_AndHowToAskForMore()
    {
        var shortfall = new QuotaShortfall("neuro", "SpiNNaker", true, 10m, 9.7m, 0.1m, 0.2m, 0.5m, null, false);
        var text = shortfall.Describe("core-hours");
        Assert.Contains("0.2 core-hours left on SpiNNaker", text, StringComparison.Ordinal);
        Assert.Contains("limit 10, used 9.7", text, StringComparison.Ordinal);
        Assert.Contains("a job reserves 0.5 core-hours", text, StringComparison.Ordinal);
        Assert.EndsWith(QuotaShortfall.HowToAskForMore, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoQuota_SaysThereIsNone()
    {
        var text = new QuotaShortfall("lab", "Spikey", false, 0, 0, 0, 0, 0.1m, null, false).Describe("hours");
        Assert.StartsWith("Collab 'lab' has no quota on Spikey (0 hours left).", text, StringComparison.Ordinal);
        Assert.Contains("resource request", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Expired_SaysWhen()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var text = new QuotaShortfall("lab", "BrainScaleS", true, 10, 1, 0, 0, 0.1m, at, true).Describe("wafer-hours");
        Assert.Contains("expired at 2026-01-02 03:04:05Z (0 wafer-hours left)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WithoutUnits_LeavesThemOut()
    {
        var text = new QuotaShortfall("lab", "X", true, 1, 1, 0, 0, 0.1m, null, false).Describe(null);
        Assert.Contains("has 0 left on X", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(1.1234567, "1.123457")]
    [InlineData(1000000, "1000000")]
    public void Amount_IsInvariant_WithAtMostSixDecimals(double value, string expected)
    {
        Assert.Equal(expected, QuotaShortfall.Amount((decimal)value));
    }
}
