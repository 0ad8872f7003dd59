using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Gateway.ProviderKeys;

namespace Nmpi.Gateway.Tests;

public sealed class ProviderKeyRequestValidatorTests
{
    [Fact]
    public void Create_AGoodRequest_HasNoViolations()
    {
        var request = new CreateProviderKeyRequest { Site = "manchester.ac-uk_1", Label = "SpiNNaker 1M machine" };
        request.Platforms.Add(["SpiNNaker", "Spikey"]);

        Assert.Empty(ProviderKeyRequestValidator.Validate(request));
    }

    [Theory]
    [InlineData("", "SpiNNaker", "", "site")]
    [InlineData("man chester", "SpiNNaker", "", "site")]
    [InlineData("a/b", "SpiNNaker", "", "site")]
    [InlineData("mcr", "", "", "platforms")]
    [InlineData("mcr", "Loihi", "", "platforms[0]")]
    [InlineData("mcr", "spinnaker", "", "platforms[0]")]
    [InlineData("mcr", "SpiNNaker,SpiNNaker", "", "platforms[1]")]
    [InlineData("mcr", "SpiNNaker", "bell\u0007", "label")]
    public void Create_BadFields_AreNamed(string site, string platforms, string label, string field)
    {
        var request = new CreateProviderKeyRequest { Site = site, Label = label };
        request.Platforms.Add(platforms.Split(',', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal([field], ProviderKeyRequestValidator.Validate(request).Select(v => v.Field));
    }

    [Fact]
    public void Create_ALongSiteOrLabel_IsRefused()
    {
        var request = new CreateProviderKeyRequest { Site = new string('s', 65), Label = new string('l', 201) };
        request.Platforms.Add("Spikey");

        Assert.Equal(["site", "label"], ProviderKeyRequestValidator.Validate(request).Select(v => v.Field));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("hd", true)]
    [InlineData("h d", false)]
    public void List_SiteIsEmptyOrASiteName(string site, bool valid) =>
        Assert.Equal(valid, ProviderKeyRequestValidator.Validate(new ListProviderKeysRequest { Site = site }).Count == 0);

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("cfg-0123456789abcdef0123", true)]
    [InlineData("", false)]
    [InlineData("nmpk_0123456789abcdef", false)]
    [InlineData("0123456789abcdef'; DROP TABLE nmpi_provider_keys; --", false)]
    public void RevokeAndRotate_TakeOnlyKeyIds(string keyId, bool valid)
    {
        Assert.Equal(valid, ProviderKeyRequestValidator.Validate(new RevokeProviderKeyRequest { KeyId = keyId }).Count == 0);
        Assert.Equal(valid, ProviderKeyRequestValidator.Validate(new RotateProviderKeyRequest { KeyId = keyId }).Count == 0);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(3600, 0, true)]
    [InlineData(7 * 24 * 3600, 0, true)]
    [InlineData(7 * 24 * 3600, 1, false)]
    [InlineData(-1, 0, false)]
    [InlineData(0, -5, false)]
    [InlineData(long.MaxValue, 0, false)]
    public void Rotate_GraceIsZeroToSevenDays(long seconds, int nanos, bool valid)
    {
        var request = new RotateProviderKeyRequest { KeyId = "0123456789abcdef", Grace = new Duration { Seconds = seconds, Nanos = nanos } };

        var violations = ProviderKeyRequestValidator.Validate(request);

        Assert.Equal(valid, violations.Count == 0);
        Assert.All(violations, v => Assert.Equal("grace", v.Field));
    }
}
