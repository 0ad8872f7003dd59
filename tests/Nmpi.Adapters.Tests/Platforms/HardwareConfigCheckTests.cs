using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;
using Nmpi.Api.Platforms;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>The site's own re-check of hardware_config: it trusts nothing the queue hands it.</summary>
public sealed class HardwareConfigCheckTests
{
    private static PlatformInfo Platform(string name) => PlatformCatalog.Find(name)!;

    [Fact]
    public void NoConfig_OrAnEmptyOne_IsValidEverywhere()
    {
        foreach (var platform in PlatformCatalog.All)
        {
            Assert.Empty(HardwareConfigCheck.Problems(platform, null));
            Assert.Empty(HardwareConfigCheck.Problems(platform, new Struct()));
        }
    }

    [Fact]
    public void EveryKeyOfItsPlatform_WithTheRightShape_IsValid()
    {
        var brainScaleS = Config(("SOFTWARE_VERSION", Value.ForString("4.0")), ("WAFER_MODULE", Value.ForNumber(33)), ("HICANN", Value.ForList(Value.ForNumber(1), Value.ForNumber(2))), ("FPGA", Value.ForNumber(3)));
        var spiNNaker = Config(
            ("spynnaker_version", Value.ForString("7.0")),
            ("spinnaker_tools_version", Value.ForString("3.4")),
            ("extra_pip_installs", Value.ForList(Value.ForString("numpy"))),
            ("extra_git_repositories", Value.ForList(Value.ForString("https://github.com/x/y.git"))),
            ("extra_makes", Value.ForList(Value.ForString("y/c_code"))),
            ("extra_python_setups", Value.ForList(Value.ForString("y"))));

        Assert.Empty(HardwareConfigCheck.Problems(Platform(PlatformCatalog.BrainScaleS), brainScaleS));
        Assert.Empty(HardwareConfigCheck.Problems(Platform(PlatformCatalog.BrainScaleSEss), brainScaleS));
        Assert.Empty(HardwareConfigCheck.Problems(Platform(PlatformCatalog.SpiNNaker), spiNNaker));
    }

    [Fact]
    public void UnknownKey_IsNamedWithTheKeysThePlatformAllows()
    {
        var problem = Assert.Single(HardwareConfigCheck.Problems(Platform(PlatformCatalog.SpiNNaker), Config(("WAFER_MODULE", Value.ForNumber(1)))));

        Assert.StartsWith("hardware_config.WAFER_MODULE: unknown key", problem, StringComparison.Ordinal);
        Assert.Contains("extra_pip_installs", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Spikey_AcceptsNoKeysAtAll()
    {
        var problem = Assert.Single(HardwareConfigCheck.Problems(Platform(PlatformCatalog.Spikey), Config(("x", Value.ForNumber(1)))));

        Assert.Equal("hardware_config.x: unknown key; Spikey accepts no hardware_config keys", problem);
    }

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void WronglyShapedValue_IsNamedWithTheShapeItNeeds(string platform, string key, Value value, string needs)
    {
        var problem = Assert.Single(HardwareConfigCheck.Problems(Platform(platform), Config((key, value))));

        Assert.Equal($"hardware_config.{key}: {needs}", problem);
    }

    public static TheoryData<string, string, Value, string> WrongShapes() => new()
    {
        { PlatformCatalog.BrainScaleS, "WAFER_MODULE", Value.ForNumber(1.5), "must be an integer" },
        { PlatformCatalog.BrainScaleS, "WAFER_MODULE", Value.ForString("33"), "must be an integer" },
        { PlatformCatalog.BrainScaleS, "WAFER_MODULE", Value.ForNumber(1e300), "must be an integer" },
        { PlatformCatalog.BrainScaleS, "HICANN", Value.ForList(), "must be an integer or a non-empty list of integers" },
        { PlatformCatalog.BrainScaleS, "HICANN", Value.ForList(Value.ForNumber(1), Value.ForString("2")), "must be an integer or a non-empty list of integers" },
        { PlatformCatalog.BrainScaleS, "SOFTWARE_VERSION", Value.ForNumber(4), "must be a string" },
        { PlatformCatalog.SpiNNaker, "extra_pip_installs", Value.ForString("numpy"), "must be a non-empty list of strings" },
        { PlatformCatalog.SpiNNaker, "extra_makes", Value.ForList(), "must be a non-empty list of strings" },
        { PlatformCatalog.SpiNNaker, "extra_git_repositories", Value.ForList(Value.ForNull()), "must be a non-empty list of strings" },
    };

    [Fact]
    public void SeveralProblems_AreAllReportedInKeyOrder()
    {
        var problems = HardwareConfigCheck.Problems(Platform(PlatformCatalog.BrainScaleS), Config(("WAFER_MODULE", Value.ForString("x")), ("FPGA", Value.ForBool(true)), ("zzz", Value.ForNumber(1))));

        Assert.Equal(["hardware_config.FPGA", "hardware_config.WAFER_MODULE", "hardware_config.zzz"], problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    internal static Struct Config(params (string Key, Value Value)[] fields)
    {
        var config = new Struct();
        foreach (var (key, value) in fields)
        {
            config.Fields[key] = value;
        }

        return config;
    }
}
