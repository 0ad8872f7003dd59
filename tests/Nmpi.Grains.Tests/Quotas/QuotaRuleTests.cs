using Nmpi.Grains.Quotas;
using Nmpi.Grains.Tests.Quotas.RuleTable;

namespace Nmpi.Grains.Tests.Quotas;

public sealed class QuotaRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The admission table: a quota (or none: limit null), the estimate a job reserves, the test quota granted to a
    /// collab without one, and the verdict with the reserved amount after it. QuotaRuleAgreementTests (Cluster.Tests)
    /// runs the same table through the reserve SQL against PostgreSQL.
    /// </summary>
    public static TheoryData<AdmissionCase> AdmissionCases => new(QuotaRuleCases.Admission);

    public static TheoryData<ChargeCase> ChargeCases => new(QuotaRuleCases.Charges);

    [Theory]
    [MemberData(nameof(AdmissionCases))]
    public void Admit_FollowsTheTable(AdmissionCase c)
    {
        var decision = QuotaRule.Admit(c.Quota(Now), c.Estimate, c.TestQuota, Now);

        Assert.Equal(c.Admitted, decision.Admitted);
        Assert.Equal(c.ReservedAfter, decision.Quota?.Reserved);
        Assert.Equal(c.RemainingBefore, decision.Remaining);
        if (decision.Quota is { } after && c.Quota(Now) is { } before)
        {
            Assert.Equal((before.Limit, before.Used, before.ExpiresAt), (after.Limit, after.Used, after.ExpiresAt));
        }
    }

    [Theory]
    [MemberData(nameof(ChargeCases))]
    public void Charge_FollowsTheTable(ChargeCase c)
    {
        var charged = QuotaRule.Charge(c.Quota(), c.Reservation, c.Amount);

        Assert.Equal((c.UsedAfter, c.ReservedAfter, c.Overdraft), (charged.Quota.Used, charged.Quota.Reserved, charged.Overdraft));
        Assert.Equal(c.Limit ?? 0, charged.Quota.Limit);
    }

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
        Assert.Equal(expected, QuotaRule.Remaining(new QuotaState(limit, used, reserved, null), Now));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    public void Remaining_OfAnExpiredQuota_IsZero_FromTheExpiryInstantOn(int secondsFromNow, decimal expected)
    {
        Assert.Equal(expected, QuotaRule.Remaining(new QuotaState(10, 0, 0, Now.AddSeconds(secondsFromNow)), Now));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void IsExpired_AtAndAfterTheExpiry(int? secondsFromNow, bool expected)
    {
        DateTimeOffset? expires = secondsFromNow is { } s ? Now.AddSeconds(s) : null;
        Assert.Equal(expected, QuotaRule.IsExpired(expires, Now));
    }

    [Theory]
    [InlineData(10, 0, 0)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 12.5, 2.5)]
    [InlineData(0, 3, 3)]
    public void Overdraft_IsUsageBeyondTheLimit(decimal limit, decimal used, decimal expected)
    {
        Assert.Equal(expected, QuotaRule.Overdraft(new QuotaState(limit, used, 0, null)));
    }

    [Fact]
    public void ChargeOverdrafts_SumToTheQuotaOverdraft_OverASequenceOfCharges()
    {
        var quota = new QuotaState(5, 0, 0, null);
        decimal overdraft = 0;
        foreach (var amount in new[] { 1m, 2.5m, 0m, 1.25m, 3m, 0.75m })
        {
            var charged = QuotaRule.Charge(quota, 0, amount);
            overdraft += charged.Overdraft;
            quota = charged.Quota;
        }

        Assert.Equal(QuotaRule.Overdraft(quota), overdraft);
        Assert.Equal(3.5m, overdraft);
    }

    [Fact]
    public void AdmittingUntilRefused_AdmitsExactlyWhatTheLimitHolds()
    {
        var quota = new QuotaState(5.2m, 0, 0, null);
        var admitted = 0;
        while (QuotaRule.Admit(quota, 0.5m, 0, Now) is { Admitted: true, Quota: { } after })
        {
            quota = after;
            admitted++;
        }

        Assert.Equal(10, admitted);
        Assert.Equal(5m, quota.Reserved);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(double.NegativeInfinity, 0)]
    [InlineData(-1.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 0.25)]
    [InlineData(1.0000004, 1)]
    [InlineData(1.0000005, 1.000001)]
    [InlineData(1.0000006, 1.000001)]
    [InlineData(1e15, 1e15)]
    [InlineData(double.PositiveInfinity, 1e15)]
    [InlineData(1e300, 1e15)]
    public void ChargeAmount_TakesTheReportedValue_RoundedAndBounded(double? reported, double expected)
    {
        Assert.Equal((decimal)expected, QuotaRule.ChargeAmount(reported));
    }
}
