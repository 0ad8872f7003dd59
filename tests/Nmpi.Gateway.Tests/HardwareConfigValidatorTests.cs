using Nmpi.Api.Platforms;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Tests;

public sealed class HardwareConfigValidatorTests
{
    [Theory]
    [InlineData("BrainScaleS", """{"HICANN": 297}""")]
    [InlineData("BrainScaleS", """{"HICANN": [297, 298, 299]}""")]
    [InlineData("BrainScaleS", """{"FPGA": [0, 1]}""")]
    [InlineData("BrainScaleS", """{"WAFER_MODULE": 33, "SOFTWARE_VERSION": "nmpm1"}""")]
    [InlineData("BrainScaleS-ESS", """{"FPGA": 3}""")]
    [InlineData("SpiNNaker", """{"extra_pip_installs": ["elephant", "quantities"]}""")]
    [InlineData("SpiNNaker", """{"spynnaker_version": "master"}""")]
    [InlineData("Spikey", "{}")]
    public void Validate_AllowedKeysWithRightShapes_Pass(string platform, string config)
    {
        Assert.Empty(HardwareConfigValidator.Validate(PlatformCatalog.Find(platform)!, Requests.Json(config)));
    }

    [Theory]
    [InlineData("BrainScaleS", """{"HICANN": "297"}""", "hardware_config.HICANN")]
    [InlineData("BrainScaleS", """{"HICANN": []}""", "hardware_config.HICANN")]
    [InlineData("BrainScaleS", """{"FPGA": [1.5]}""", "hardware_config.FPGA")]
    [InlineData("BrainScaleS", """{"WAFER_MODULE": [33]}""", "hardware_config.WAFER_MODULE")]
    [InlineData("BrainScaleS", """{"SOFTWARE_VERSION": 1}""", "hardware_config.SOFTWARE_VERSION")]
    [InlineData("BrainScaleS", """{"spynnaker_version": "7.0"}""", "hardware_config.spynnaker_version")]
    [InlineData("BrainScaleS", """{"hicann": 1}""", "hardware_config.hicann")]
    [InlineData("BrainScaleS-ESS", """{"WAFER_MODULE": null}""", "hardware_config.WAFER_MODULE")]
    [InlineData("SpiNNaker", """{"extra_pip_installs": "elephant"}""", "hardware_config.extra_pip_installs")]
    [InlineData("SpiNNaker", """{"extra_makes": [1]}""", "hardware_config.extra_makes")]
    [InlineData("SpiNNaker", """{"spinnaker_tools_version": {"v": 1}}""", "hardware_config.spinnaker_tools_version")]
    [InlineData("SpiNNaker", """{"HICANN": 1}""", "hardware_config.HICANN")]
    [InlineData("Spikey", """{"anything": 1}""", "hardware_config.anything")]
    public void Validate_UnknownKeyOrWrongShape_NamesTheKey(string platform, string config, string field)
    {
        var violation = Assert.Single(HardwareConfigValidator.Validate(PlatformCatalog.Find(platform)!, Requests.Json(config)));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void Validate_SeveralBadKeys_ReportsEach()
    {
        var violations = HardwareConfigValidator.Validate(
            PlatformCatalog.Find("BrainScaleS")!, Requests.Json("""{"A": 1, "HICANN": "x", "FPGA": 2}"""));
        Assert.Equal(["hardware_config.A", "hardware_config.HICANN"], violations.Select(v => v.Field));
    }

    [Fact]
    public void Catalogue_HasTheFourPlatformsWithTheirUnits()
    {
        Assert.Equal(
            [("BrainScaleS", "wafer-hours"), ("SpiNNaker", "core-hours"), ("BrainScaleS-ESS", "hours"), ("Spikey", "hours")],
            PlatformCatalog.All.Select(p => (p.Name, p.Units)));
        Assert.Null(PlatformCatalog.Find("spinnaker"));
        Assert.Equal("SpiNNaker", PlatformCatalog.FindIgnoringCase("spinnaker")?.Name);
    }
}
