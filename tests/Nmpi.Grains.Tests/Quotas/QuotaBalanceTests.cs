using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Tests.Quotas;

public sealed class QuotaBalanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 0, 0, 10)]
    [InlineData(10, 4, 0, 6)]
    [InlineData(10, 4, 3, 3)]
    [InlineData(10, 10, 0, 0)]
    [InlineData(10, 12, 0, 0)]
    [InlineData(10, 4, 7, 0)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0.5, 0.2, 0.1, 0.2)]
    public void Remaining_IsLimitMinusUsedMinusReserved_NeverNegative(decimal limit, decimal used, decimal reserved, decimal expected)
    {
        Assert.Equal(expected, QuotaBalance.Remaining(limit, used, reserved, expiresAt: null, Now));
    }

    [Fact]
    public void Remaining_OfAnExpiredQuota_IsZero()
    {
        Assert.Equal(0, QuotaBalance.Remaining(10, 0, 0, Now, Now));
        Assert.Equal(0, QuotaBalance.Remaining(10, 0, 0, Now.AddSeconds(-1), Now));
        Assert.Equal(10, QuotaBalance.Remaining(10, 0, 0, Now.AddSeconds(1), Now));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void IsExpired_AtAndAfterTheExpiry(int? secondsFromNow, bool expected)
    {
        DateTimeOffset? expires = secondsFromNow is { } s ? Now.AddSeconds(s) : null;
        Assert.Equal(expected, QuotaBalance.IsExpired(expires, Now));
    }

    [Theory]
    [InlineData(10, 0, 9.5, false)]
    [InlineData(10, 9.5, 0, false)]
    [InlineData(10, 9, 0.5, false)]
    [InlineData(10, 9, 0, true)]
    [InlineData(10, 9.5, 0, false, 0.6)]
    [InlineData(10, 9.5, 0, true, 0.5)]
    [InlineData(10, 10, 0, false, 0)]
    [InlineData(10, 9.99, 0, true, 0)]
    [InlineData(0, 0, 0, false, 0)]
    public void Admits_OnlyWhenSomethingIsLeftAndItCoversTheEstimate(decimal limit, decimal used, decimal reserved, bool expected, double estimate = 1)
    {
        Assert.Equal(expected, QuotaBalance.Admits(limit, used, reserved, expiresAt: null, Now, (decimal)estimate));
    }

    [Fact]
    public void Admits_NothingOnceExpired()
    {
        Assert.False(QuotaBalance.Admits(100, 0, 0, Now.AddMinutes(-1), Now, 0.1m));
        Assert.True(QuotaBalance.Admits(100, 0, 0, Now.AddMinutes(1), Now, 0.1m));
    }

    [Theory]
    [InlineData(10, 0, 0)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 12.5, 2.5)]
    [InlineData(0, 3, 3)]
    public void Overdraft_IsUsageBeyondTheLimit(decimal limit, decimal used, decimal expected)
    {
        Assert.Equal(expected, QuotaBalance.Overdraft(limit, used));
    }

    [Theory]
    [InlineData(10, 0, 4, 0)]
    [InlineData(10, 8, 2, 0)]
    [InlineData(10, 8, 3, 1)]
    [InlineData(10, 10, 3, 3)]
    [InlineData(10, 12, 3, 3)]
    [InlineData(0, 0, 2, 2)]
    [InlineData(10, 9, 0, 0)]
    [InlineData(10, 12, 0, 0)]
    public void ChargeOverdraft_IsThePartOfTheChargeBeyondTheLimit(decimal limit, decimal usedBefore, decimal amount, decimal expected)
    {
        Assert.Equal(expected, QuotaBalance.ChargeOverdraft(limit, usedBefore, amount));
    }

    [Fact]
    public void ChargeOverdraft_SumsToTheQuotaOverdraft_OverASequenceOfCharges()
    {
        decimal limit = 5, used = 0, overdraft = 0;
        foreach (var amount in new[] { 1m, 2.5m, 0m, 1.25m, 3m, 0.75m })
        {
            overdraft += QuotaBalance.ChargeOverdraft(limit, used, amount);
            used += amount;
        }

        Assert.Equal(QuotaBalance.Overdraft(limit, used), overdraft);
        Assert.Equal(3.5m, overdraft);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(-1.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 0.25)]
    [InlineData(1.0000004, 1)]
    [InlineData(1.0000006, 1.000001)]
    [InlineData(double.PositiveInfinity, 1e15)]
    [InlineData(1e300, 1e15)]
    public void ChargeAmount_TakesTheReportedValue_RoundedAndBounded(double? reported, double expected)
    {
        Assert.Equal((decimal)expected, QuotaBalance.ChargeAmount(reported));
    }
}
