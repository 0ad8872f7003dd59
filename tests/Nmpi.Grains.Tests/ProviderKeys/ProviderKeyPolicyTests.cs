using Nmpi.GrainInterfaces.ProviderKeys;
using Nmpi.Grains.ProviderKeys;

namespace Nmpi.Grains.Tests.ProviderKeys;

public sealed class ProviderKeyPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ProviderKey Key(DateTimeOffset? revokedAt = null, string? replacedBy = null) => new()
    {
        KeyId = "0123456789abcdef",
        Site = "hd",
        Platforms = ["BrainScaleS"],
        Label = "",
        CreatedBy = "admin",
        CreatedAt = Now.AddDays(-1),
        RevokedAt = revokedAt,
        ReplacedBy = replacedBy,
    };

    [Fact]
    public void IsLiveAt_UntilTheEnd_NotAtOrAfterIt()
    {
        Assert.True(Key().IsLiveAt(Now));
        Assert.True(Key(Now.AddSeconds(1)).IsLiveAt(Now));
        Assert.False(Key(Now).IsLiveAt(Now));
        Assert.False(Key(Now.AddSeconds(-1)).IsLiveAt(Now));
    }

    [Fact]
    public void Matches_OnlyTheSameHash()
    {
        var hash = ProviderKeyFormat.Hash("a");

        Assert.True(ProviderKeyPolicy.Matches(hash, ProviderKeyFormat.Hash("a")));
        Assert.False(ProviderKeyPolicy.Matches(hash, ProviderKeyFormat.Hash("b")));
        Assert.False(ProviderKeyPolicy.Matches(hash, hash[..31]));
        Assert.False(ProviderKeyPolicy.Matches(hash, []));
    }

    [Fact]
    public void CanRotate_OnlyALiveKeyNotRotatedBefore()
    {
        Assert.Equal(RotationOutcome.NotFound, ProviderKeyPolicy.CanRotate(null, Now));
        Assert.Equal(RotationOutcome.Rotated, ProviderKeyPolicy.CanRotate(Key(), Now));
        Assert.Equal(RotationOutcome.Rotated, ProviderKeyPolicy.CanRotate(Key(Now.AddHours(1)), Now));
        Assert.Equal(RotationOutcome.Revoked, ProviderKeyPolicy.CanRotate(Key(Now), Now));
        Assert.Equal(RotationOutcome.AlreadyRotated, ProviderKeyPolicy.CanRotate(Key(Now.AddHours(1), "fedcba9876543210"), Now));
        Assert.Equal(RotationOutcome.AlreadyRotated, ProviderKeyPolicy.CanRotate(Key(Now.AddHours(-1), "fedcba9876543210"), Now));
    }

    [Fact]
    public void RotationEnd_IsNowPlusGrace_OrAnEarlierEndAlreadySet()
    {
        Assert.Equal(Now, ProviderKeyPolicy.RotationEnd(Key(), Now, TimeSpan.Zero));
        Assert.Equal(Now.AddHours(2), ProviderKeyPolicy.RotationEnd(Key(), Now, TimeSpan.FromHours(2)));
        Assert.Equal(Now.AddHours(1), ProviderKeyPolicy.RotationEnd(Key(Now.AddHours(1)), Now, TimeSpan.FromHours(2)));
        Assert.Equal(Now.AddHours(2), ProviderKeyPolicy.RotationEnd(Key(Now.AddHours(3)), Now, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void RotationEnd_RefusesANegativeOrTooLongGrace()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProviderKeyPolicy.RotationEnd(Key(), Now, TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProviderKeyPolicy.RotationEnd(Key(), Now, ProviderKeyLimits.MaxGrace + TimeSpan.FromTicks(1)));
        Assert.Equal(Now + ProviderKeyLimits.MaxGrace, ProviderKeyPolicy.RotationEnd(Key(), Now, ProviderKeyLimits.MaxGrace));
    }

    [Fact]
    public void RevocationEnd_IsNow_UnlessTheKeyHadAlreadyEnded()
    {
        Assert.Equal(Now, ProviderKeyPolicy.RevocationEnd(Key(), Now));
        Assert.Equal(Now, ProviderKeyPolicy.RevocationEnd(Key(Now.AddDays(3)), Now));
        Assert.Equal(Now.AddDays(-3), ProviderKeyPolicy.RevocationEnd(Key(Now.AddDays(-3)), Now));
    }

    [Fact]
    public void ShouldRecordUse_AtMostOncePerInterval()
    {
        Assert.True(ProviderKeyPolicy.ShouldRecordUse(null, Now));
        Assert.False(ProviderKeyPolicy.ShouldRecordUse(Now, Now));
        Assert.False(ProviderKeyPolicy.ShouldRecordUse(Now - ProviderKeyPolicy.UseRecordInterval + TimeSpan.FromTicks(1), Now));
        Assert.True(ProviderKeyPolicy.ShouldRecordUse(Now - ProviderKeyPolicy.UseRecordInterval, Now));
        Assert.True(ProviderKeyPolicy.ShouldRecordUse(Now.AddMinutes(5), Now));
    }

    [Fact]
    public void ShouldReload_AfterTheInterval_OrWhenTheClockWentBack()
    {
        Assert.False(ProviderKeyPolicy.ShouldReload(Now, Now));
        Assert.False(ProviderKeyPolicy.ShouldReload(Now - ProviderKeyPolicy.ReloadAfter + TimeSpan.FromTicks(1), Now));
        Assert.True(ProviderKeyPolicy.ShouldReload(Now - ProviderKeyPolicy.ReloadAfter, Now));
        Assert.True(ProviderKeyPolicy.ShouldReload(Now.AddSeconds(1), Now));
    }
}
