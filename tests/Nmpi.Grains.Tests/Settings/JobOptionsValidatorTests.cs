using Nmpi.Grains.Jobs;

namespace Nmpi.Grains.Tests.Settings;

public sealed class JobOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreAccepted() => Assert.True(new JobOptionsValidator().Validate(null, new JobOptions()).Succeeded);

    [Theory]
    [InlineData("heartbeat as long as the lease", "Nmpi:Jobs:HeartbeatInterval must be positive and shorter than LeaseDuration (00:00:30).")]
    [InlineData("heartbeat longer than the lease", "Nmpi:Jobs:HeartbeatInterval must be positive and shorter than LeaseDuration (00:00:30).")]
    [InlineData("no heartbeat", "Nmpi:Jobs:HeartbeatInterval must be positive and shorter than LeaseDuration (00:00:30).")]
    [InlineData("no attempt", "Nmpi:Jobs:MaxAttempts must be at least 1.")]
    [InlineData("no cancel grace", "Nmpi:Jobs:CancelGrace must be positive.")]
    [InlineData("no wall time", "Nmpi:Jobs:MaxWallTime must be positive.")]
    [InlineData("no platform wall time", "Nmpi:Jobs:PlatformWallTime:SpiNNaker must be positive (is 00:00:00).")]
    [InlineData("no output file", "Nmpi:Jobs:MaxOutputFiles must be at least 1.")]
    [InlineData("no output byte", "Nmpi:Jobs:MaxOutputBytes must be at least 1.")]
    public void BadSetting_FailsWithExactlyItsOwnMessage(string breakage, string message)
    {
        var options = new JobOptions();
        switch (breakage)
        {
            case "heartbeat as long as the lease": options.HeartbeatInterval = options.LeaseDuration; break;
            case "heartbeat longer than the lease": options.HeartbeatInterval = options.LeaseDuration + TimeSpan.FromSeconds(1); break;
            case "no heartbeat": options.HeartbeatInterval = TimeSpan.Zero; break;
            case "no attempt": options.MaxAttempts = 0; break;
            case "no cancel grace": options.CancelGrace = TimeSpan.Zero; break;
            case "no wall time": options.MaxWallTime = TimeSpan.Zero; break;
            case "no platform wall time": options.PlatformWallTime["SpiNNaker"] = TimeSpan.Zero; break;
            case "no output file": options.MaxOutputFiles = 0; break;
            case "no output byte": options.MaxOutputBytes = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        var result = new JobOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void NoLease_IsRefused_AndSoIsEveryHeartbeat()
    {
        var result = new JobOptionsValidator().Validate(null, new JobOptions { LeaseDuration = TimeSpan.Zero });

        Assert.Equal(
            ["Nmpi:Jobs:LeaseDuration must be positive.", "Nmpi:Jobs:HeartbeatInterval must be positive and shorter than LeaseDuration (00:00:00)."],
            result.Failures);
    }

    [Fact]
    public void HeartbeatJustShorterThanTheLease_IsAccepted()
    {
        var options = new JobOptions { LeaseDuration = TimeSpan.FromSeconds(5), HeartbeatInterval = TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1) };

        Assert.True(new JobOptionsValidator().Validate(null, options).Succeeded);
    }
}
