using Nmpi.Grains.Jobs;
using Nmpi.Grains.Scheduling;
using Orleans.Configuration;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Nmpi.Grains.Tests.Settings;

public sealed class SchedulerOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreAccepted_WithTheDefaultJobAndOrleansTimings() =>
        Assert.True(Validator(new JobOptions()).Validate(null, new SchedulerOptions()).Succeeded);

    [Theory]
    [InlineData("long-poll as long as the response timeout", "Nmpi:Scheduling:MaxLongPoll must be positive and shorter than the Orleans response timeout (00:00:30).")]
    [InlineData("no long-poll", "Nmpi:Scheduling:MaxLongPoll must be positive and shorter than the Orleans response timeout (00:00:30).")]
    [InlineData("no resync", "Nmpi:Scheduling:ResyncInterval must be positive.")]
    [InlineData("no taken timeout", "Nmpi:Scheduling:TakenTimeout must be positive.")]
    [InlineData("no online window", "Nmpi:Scheduling:AdapterOnlineWindow must be positive.")]
    [InlineData("no sweep", "Nmpi:Scheduling:SweepInterval must be positive and at most the shorter of Nmpi:Jobs:LeaseDuration and CancelGrace (00:00:30).")]
    [InlineData("sweep slower than the lease", "Nmpi:Scheduling:SweepInterval must be positive and at most the shorter of Nmpi:Jobs:LeaseDuration and CancelGrace (00:00:30).")]
    [InlineData("no sweep batch", "Nmpi:Scheduling:SweepBatch must be at least 1.")]
    public void BadSetting_FailsWithExactlyItsOwnMessage(string breakage, string message)
    {
        var options = new SchedulerOptions();
        switch (breakage)
        {
            case "long-poll as long as the response timeout": options.MaxLongPoll = TimeSpan.FromSeconds(30); break;
            case "no long-poll": options.MaxLongPoll = TimeSpan.Zero; break;
            case "no resync": options.ResyncInterval = TimeSpan.Zero; break;
            case "no taken timeout": options.TakenTimeout = TimeSpan.Zero; break;
            case "no online window": options.AdapterOnlineWindow = TimeSpan.Zero; break;
            case "no sweep": options.SweepInterval = TimeSpan.Zero; break;
            case "sweep slower than the lease": options.SweepInterval = TimeSpan.FromSeconds(31); break;
            case "no sweep batch": options.SweepBatch = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        var result = Validator(new JobOptions()).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void SweepSlowerThanTheCancelGrace_IsRefused_WhileOneEqualToItPasses()
    {
        var jobs = new JobOptions { CancelGrace = TimeSpan.FromSeconds(1) };

        var slower = Validator(jobs).Validate(null, new SchedulerOptions { SweepInterval = TimeSpan.FromSeconds(1.5) });
        var equal = Validator(jobs).Validate(null, new SchedulerOptions { SweepInterval = TimeSpan.FromSeconds(1) });

        Assert.Equal(
            ["Nmpi:Scheduling:SweepInterval must be positive and at most the shorter of Nmpi:Jobs:LeaseDuration and CancelGrace (00:00:01)."],
            slower.Failures);
        Assert.True(equal.Succeeded);
    }

    [Fact]
    public void LongPoll_IsMeasuredAgainstTheClustersOwnResponseTimeout()
    {
        var messaging = new SiloMessagingOptions { ResponseTimeout = TimeSpan.FromSeconds(10) };
        var validator = new SchedulerOptionsValidator(MsOptions.Create(new JobOptions()), MsOptions.Create(messaging));

        var result = validator.Validate(null, new SchedulerOptions { MaxLongPoll = TimeSpan.FromSeconds(15) });

        Assert.Equal(["Nmpi:Scheduling:MaxLongPoll must be positive and shorter than the Orleans response timeout (00:00:10)."], result.Failures);
    }

    private static SchedulerOptionsValidator Validator(JobOptions jobs) =>
        new(MsOptions.Create(jobs), MsOptions.Create(new SiloMessagingOptions()));
}
