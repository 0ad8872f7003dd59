using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>The per-platform facade the job runner calls: how a job with a bad hardware_config ends.</summary>
public sealed class SitePlatformTests
{
    [Fact]
    public void ValidConfig_PassesTheSiteCheck()
    {
        var job = Job(HardwareConfigCheckTests.Config(("extra_makes", Value.ForList(Value.ForString("tools")))));

        Assert.Null(Site("SpiNNaker").Check(job));
        Assert.Null(Site("BrainScaleS").Check(Job(HardwareConfigCheckTests.Config(("WAFER_MODULE", Value.ForNumber(20))))));
        Assert.Null(Site("Spikey").Check(Job(null)));
    }

    [Fact]
    public void KeyOfAnotherPlatform_EndsInInvalidInputNamingTheKey()
    {
        var failure = Site("BrainScaleS").Check(Job(HardwareConfigCheckTests.Config(("extra_pip_installs", Value.ForList(Value.ForString("numpy"))))));

        Assert.Equal(Outcome.Error, failure?.Outcome);
        Assert.Equal(FailureReason.InvalidInput, failure?.Reason);
        Assert.StartsWith("invalid hardware_config: hardware_config.extra_pip_installs: unknown key; allowed keys for BrainScaleS: ", failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpiNNakerEntryTheGatewayLetsThrough_EndsInInvalidInputNamingTheEntry()
    {
        var failure = Site("SpiNNaker").Check(Job(HardwareConfigCheckTests.Config(("extra_pip_installs", Value.ForList(Value.ForString("numpy"), Value.ForString("--index-url=https://evil.example"))))));

        Assert.Equal(FailureReason.InvalidInput, failure?.Reason);
        Assert.Equal("invalid hardware_config: hardware_config.extra_pip_installs[1]: '--index-url=https://evil.example' must be a requirement or a path, not a pip option", failure?.Message);
    }

    [Fact]
    public async Task NonSpiNNakerPlatforms_HaveNoSetUp()
    {
        // The client is never called: a platform without set-up sends nothing.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9");
        var reports = new JobReports(new AdapterSession(new Nmpi.Api.V1.Adapters.AdaptersClient(channel), "site-1", "3.11"), new LeaseRef(), CancellationToken.None);

        using var sandbox = SandboxRun.Sandbox(Nmpi.Adapters.Execution.SandboxMode.Auto, Nmpi.Adapters.Execution.NetworkIsolation.Auto);

        var setup = await Site("Spikey").PrepareAsync(Job(HardwareConfigCheckTests.Config()), "/nonexistent", reports, new LeaseHandle(new LeaseRef()), sandbox);

        Assert.Null(setup.Failure);
        Assert.Same(reports, setup.Reports);
        Assert.Null(setup.Python);
        Assert.Empty(setup.ExcludedFromOutputs);
        Assert.Null(setup.StepSandboxes);
    }

    [Fact]
    public void Usage_FollowsTheSitesPlatform()
    {
        Assert.Equal(("wafer-hours", 2.0), Measure("BrainScaleS"));
        Assert.Equal(("core-hours", 2.0 * 10), Measure("SpiNNaker"));
        Assert.Equal(("hours", 2.0), Measure("BrainScaleS-ESS"));

        static (string, double) Measure(string platform)
        {
            var usage = Site(platform).Usage(Job(null), TimeSpan.FromHours(2));
            return (usage.Units, usage.Value);
        }
    }

    private static SitePlatform Site(string platform) =>
        new(new AdapterOptions { Platform = platform, WorkDirectory = "/tmp/nmpi-site", Platforms = new PlatformOptions { SpiNNakerCores = 10 } }, TimeProvider.System);

    private static Job Job(Struct? config) => new() { Id = 12, HardwareConfig = config };
}
