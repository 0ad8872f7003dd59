using Nmpi.Silo.Hosting.Startup;

namespace Nmpi.Cluster.Tests.Startup;

/// <summary>The pauses between a silo's start-up attempts (pure arithmetic).</summary>
public sealed class StartupBackoffTests
{
    private static readonly StartupBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1000, 30)]
    public void DelayAfter_DoublesFromTheFirstDelayUpToTheMaximum(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.DelayAfter(attempt, TimeSpan.FromSeconds(10)));

    [Fact]
    public void DelayAfter_NearTheDeadline_IsCutToWhatIsLeft() =>
        Assert.Equal(TimeSpan.FromSeconds(3), Backoff.DelayAfter(10, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(3)));

    [Fact]
    public void DelayAfter_AtOrPastTheDeadline_IsNull()
    {
        Assert.Null(Backoff.DelayAfter(3, TimeSpan.FromMinutes(5)));
        Assert.Null(Backoff.DelayAfter(3, TimeSpan.FromMinutes(6)));
    }

    [Fact]
    public void DelayAfter_AttemptZero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.DelayAfter(0, TimeSpan.Zero));
}
