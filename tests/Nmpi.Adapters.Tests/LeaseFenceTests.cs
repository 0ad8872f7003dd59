namespace Nmpi.Adapters.Tests;

/// <summary>The arithmetic that decides when an adapter kills a job whose lease it could not renew.</summary>
public sealed class LeaseFenceTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void DefaultTimings_KillAfter25sWithoutRenewal_AndTheKillEndsAMarginBeforeTheLeaseLapses()
    {
        // The cluster's defaults (lease 30 s, heartbeat 10 s) and the adapter's (kill grace 2 s, margin derived).
        var fence = new LeaseFence(30 * Second, 10 * Second, 2 * Second, null);

        Assert.Null(fence.Problem);
        Assert.Equal(3 * Second, fence.Margin);
        Assert.Equal(25 * Second, fence.KillAfter);
        Assert.Equal(fence.Lease, fence.KillAfter + fence.KillGrace + fence.Margin);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(10, 2)]
    [InlineData(20, 2)]
    [InlineData(30, 3)]
    [InlineData(120, 12)]
    public void UnsetMargin_IsATenthOfTheLeaseAndAtLeast2s(int leaseSeconds, int marginSeconds) =>
        Assert.Equal(marginSeconds * Second, LeaseFence.DeriveMargin(leaseSeconds * Second));

    [Fact]
    public void ConfiguredMargin_WinsOverTheDerivedOne()
    {
        var fence = new LeaseFence(30 * Second, 10 * Second, 2 * Second, 5 * Second);

        Assert.Equal(5 * Second, fence.Margin);
        Assert.Equal(23 * Second, fence.KillAfter);
    }

    [Fact]
    public void MustKill_FromKillAfterOn_NotATickEarlier()
    {
        var fence = new LeaseFence(10 * Second, Second, Second, null);

        Assert.False(fence.MustKill(TimeSpan.Zero));
        Assert.False(fence.MustKill(fence.KillAfter - TimeSpan.FromTicks(1)));
        Assert.True(fence.MustKill(fence.KillAfter));
        Assert.True(fence.MustKill(fence.Lease));
    }

    [Theory]
    [InlineData(30, 10, 2, 3, false)]
    [InlineData(10, 1, 1, 2, false)]
    [InlineData(10, 5, 2, 2, false)]
    [InlineData(10, 6, 2, 2, true)]
    [InlineData(10, 7, 2, 2, true)]
    [InlineData(30, 10, 17, 3, true)]
    [InlineData(30, 10, 2, 18, true)]
    public void Timings_WhereHeartbeatPlusKillGracePlusMarginReachTheLease_AreRefused(int lease, int heartbeat, int grace, int margin, bool refused)
    {
        var fence = new LeaseFence(lease * Second, heartbeat * Second, grace * Second, margin * Second);

        Assert.Equal(refused, fence.Problem is not null);
    }

    [Fact]
    public void RefusalMessage_NamesEverySettingAndItsValue()
    {
        var problem = new LeaseFence(10 * Second, 5 * Second, 3 * Second, null).Problem;

        Assert.Equal(
            "The gateway's lease of 10 s is too short for this adapter: heartbeat interval 5 s + Nmpi:Adapter:KillGrace 3 s + "
            + "Nmpi:Adapter:LeaseSafetyMargin 2 s must stay below it, or a job would be killed before its next heartbeat could renew its lease. "
            + "Lower KillGrace or LeaseSafetyMargin, or lengthen Nmpi:Jobs:LeaseDuration at the cluster.",
            problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ANonPositiveMargin_IsRefused(int margin) =>
        Assert.Equal("Nmpi:Adapter:LeaseSafetyMargin must be positive.", new LeaseFence(30 * Second, Second, Second, margin * Second).Problem);

    [Theory]
    [InlineData(2000, 500)]
    [InlineData(3000, 750)]
    [InlineData(4000, 1000)]
    [InlineData(12000, 1000)]
    public void CheckPeriod_IsAQuarterOfTheMarginAndAtMost1s(int marginMs, int periodMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(periodMs),
            new LeaseFence(TimeSpan.FromMinutes(5), Second, Second, TimeSpan.FromMilliseconds(marginMs)).CheckPeriod);
}
