using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;
using Nmpi.Api.Platforms;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>Usage in each platform's quota units, by the formulas the adapter's README documents.</summary>
public sealed class PlatformUsageTests
{
    private static readonly PlatformOptions Site = new() { SpiNNakerCores = 48 };

    [Fact]
    public void EveryCatalogPlatform_HasARule_InTheCatalogsUnits()
    {
        foreach (var platform in PlatformCatalog.All)
        {
            var usage = PlatformUsage.For(platform.Name, Site);

            Assert.Equal(platform.Units, usage.Units);
            Assert.Equal(platform.Units, usage.Measure(TimeSpan.FromMinutes(1), null).Units);
        }
    }

    [Fact]
    public void UnknownPlatform_HasNoRule()
    {
        Assert.Throws<ArgumentException>(() => PlatformUsage.For("Loihi", Site));
    }

    [Fact]
    public void BrainScaleS_ChargesElapsedHoursTimesOneWafer_WithOrWithoutWaferModule()
    {
        var usage = PlatformUsage.For(PlatformCatalog.BrainScaleS, Site);
        var withModule = HardwareConfigCheckTests.Config(("WAFER_MODULE", Value.ForNumber(33)));

        Assert.Equal(1.5, usage.Measure(TimeSpan.FromMinutes(90), withModule).Value, 12);
        Assert.Equal(1.5, usage.Measure(TimeSpan.FromMinutes(90), null).Value, 12);
    }

    [Fact]
    public void SpiNNaker_ChargesElapsedHoursTimesTheSitesCores()
    {
        Assert.Equal(48 * 0.25, PlatformUsage.For(PlatformCatalog.SpiNNaker, Site).Measure(TimeSpan.FromMinutes(15), null).Value, 12);
        Assert.Equal(864 * 2.0, PlatformUsage.For(PlatformCatalog.SpiNNaker, new PlatformOptions()).Measure(TimeSpan.FromHours(2), null).Value, 12);
    }

    [Theory]
    [InlineData(PlatformCatalog.BrainScaleSEss)]
    [InlineData(PlatformCatalog.Spikey)]
    public void EssAndSpikey_ChargeElapsedHours(string platform)
    {
        Assert.Equal(0.75, PlatformUsage.For(platform, Site).Measure(TimeSpan.FromMinutes(45), null).Value, 12);
    }

    [Fact]
    public void ZeroAndNegativeSpans_ChargeNothing()
    {
        foreach (var platform in PlatformCatalog.All)
        {
            var usage = PlatformUsage.For(platform.Name, Site);

            Assert.Equal(0, usage.Measure(TimeSpan.Zero, null).Value);
            Assert.Equal(0, usage.Measure(TimeSpan.FromSeconds(-5), null).Value);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CoreHours_WithoutAPositiveCoreCount_IsRefused(int cores)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoreHours(cores));
    }

    [Fact]
    public void SiteOptions_WithBadValues_NameEachKey()
    {
        var problems = new PlatformOptions { SpiNNakerCores = 0, PipIndexUrl = "ftp://x", SetupStepTimeLimit = TimeSpan.Zero }.Problems("S").ToList();

        Assert.Equal(["S:SpiNNakerCores", "S:PipIndexUrl", "S:SetupStepTimeLimit"], problems.Select(p => p[..p.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Contains("S:PipIndexUrl and PipNoIndex exclude each other.", new PlatformOptions { PipIndexUrl = "https://pypi.example/simple", PipNoIndex = true }.Problems("S"));
        Assert.Empty(new PlatformOptions().Problems("S"));
    }
}
