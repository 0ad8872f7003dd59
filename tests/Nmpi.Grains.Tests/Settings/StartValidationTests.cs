using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nmpi.Grains.Code;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Notifications;
using Nmpi.Grains.Scheduling;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Tests.Settings;

/// <summary>The grains' registration wires each section to its validator: a bad value is refused when the options are first read.</summary>
public sealed class StartValidationTests
{
    [Fact]
    public void AHeartbeatNoShorterThanTheLease_IsRefusedByTheRegisteredValidator()
    {
        using var provider = Provider(new() { ["Nmpi:Jobs:LeaseDuration"] = "00:00:05", ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:05" });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobOptions>>().Value);

        Assert.Equal(["Nmpi:Jobs:HeartbeatInterval must be positive and shorter than LeaseDuration (00:00:05)."], refused.Failures);
    }

    [Fact]
    public void ASweepSlowerThanTheConfiguredLease_IsRefusedAcrossSections()
    {
        using var provider = Provider(new()
        {
            ["Nmpi:Jobs:LeaseDuration"] = "00:00:02",
            ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500",
            ["Nmpi:Scheduling:SweepInterval"] = "00:00:03",
        });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SchedulerOptions>>().Value);

        Assert.Equal(["Nmpi:Scheduling:SweepInterval must be positive and at most the shorter of Nmpi:Jobs:LeaseDuration and CancelGrace (00:00:02)."], refused.Failures);
    }

    [Fact]
    public void TheDefaults_AreAcceptedByEveryRegisteredValidator()
    {
        using var provider = Provider([]);

        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<JobOptions>>().Value.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), provider.GetRequiredService<IOptions<SchedulerOptions>>().Value.SweepInterval);
        Assert.Equal(256, provider.GetRequiredService<IOptions<GroupCommitOptions>>().Value.MaxBatch);
        Assert.Equal(1L << 30, provider.GetRequiredService<IOptions<CodeStorageOptions>>().Value.UserAreaBytes);
        Assert.False(provider.GetRequiredService<IOptions<MailOptions>>().Value.Enabled);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddNmpiGrains(configuration, "Host=127.0.0.1;Database=unused").BuildServiceProvider();
    }
}
