using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Accounts;

namespace Nmpi.Gateway.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void FreeFailures_DoNotWait_ThenEachFailureDoublesTheWait()
    {
        var throttle = Throttle();
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 7; i++)
        {
            waits.Add(throttle.Wait("dora", "10.0.0.1"));
            throttle.Failed("dora", "10.0.0.1");
        }

        waits.Add(throttle.Wait("dora", "10.0.0.1"));

        Assert.Equal([null, null, null, null, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
    }

    [Fact]
    public void Wait_IsCappedAtTheMaximum()
    {
        var throttle = Throttle();
        for (var i = 0; i < 40; i++)
        {
            throttle.Failed("dora", "10.0.0.1");
        }

        Assert.Equal(TimeSpan.FromMinutes(15), throttle.Wait("dora", "10.0.0.1"));
    }

    [Fact]
    public void OneUsernamesFailures_DoNotSlowOtherUsernames_FromTheSameAddress()
    {
        var throttle = Throttle();
        for (var i = 0; i < 10; i++)
        {
            throttle.Failed("dora", "10.0.0.1");
        }

        Assert.NotNull(throttle.Wait("dora", "10.0.0.2"));
        Assert.Null(throttle.Wait("erin", "10.0.0.1"));
    }

    [Fact]
    public void ManyUsernamesFromOneAddress_SlowThatAddress_NotOthers()
    {
        var throttle = Throttle();
        for (var i = 0; i < 50; i++)
        {
            throttle.Failed($"user-{i}", "10.0.0.1");
        }

        Assert.NotNull(throttle.Wait("erin", "10.0.0.1"));
        Assert.Null(throttle.Wait("erin", "10.0.0.2"));
    }

    [Fact]
    public void RightPassword_ClearsTheUsername_ButNotTheAddress()
    {
        var throttle = Throttle();
        for (var i = 0; i < 50; i++)
        {
            throttle.Failed("dora", "10.0.0.1");
        }

        throttle.Succeeded("dora");

        Assert.Null(throttle.Wait("dora", "10.0.0.2"));
        Assert.NotNull(throttle.Wait("dora", "10.0.0.1"));
    }

    [Fact]
    public void Failures_AreForgotten_AfterTheMemoryTime()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
        {
            throttle.Failed("dora", "10.0.0.1");
        }

        _time.Advance(TimeSpan.FromMinutes(31));
        throttle.Failed("dora", "10.0.0.1");

        Assert.Null(throttle.Wait("dora", "10.0.0.1"));
    }

    [Theory]
    [InlineData("ipv4:127.0.0.1:5555", "127.0.0.1")]
    [InlineData("ipv6:[::1]:5555", "::1")]
    [InlineData("ipv6:[2001:db8::2]:443", "2001:db8::2")]
    [InlineData("unix:/tmp/socket", "/tmp/socket")]
    [InlineData("", "unknown")]
    public void PeerAddress_DropsTheSchemeAndPort(string peer, string address) => Assert.Equal(address, PeerAddress.Of(peer));

    private LoginThrottle Throttle() => new(Options.Create(new AccountOptions()), _time);
}
