using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Tests;

public sealed class OptionsValidatorTests
{
    private static GatewayOptions Valid() => new()
    {
        ArtifactDirectory = "/tmp/artifacts",
        CapabilityBaseAddress = "http://127.0.0.1:5081",
        SigningKey = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public void Gateway_ValidSettings_Pass() => Assert.True(new GatewayOptionsValidator().Validate(null, Valid()).Succeeded);

    [Theory]
    [InlineData("no artifact directory")]
    [InlineData("relative base address")]
    [InlineData("short key")]
    [InlineData("key not base64")]
    [InlineData("lease wait over 60 s")]
    [InlineData("no url lifetime")]
    public void Gateway_BadSetting_Fails(string breakage)
    {
        var options = Valid();
        switch (breakage)
        {
            case "no artifact directory": options.ArtifactDirectory = ""; break;
            case "relative base address": options.CapabilityBaseAddress = "/outputs"; break;
            case "short key": options.SigningKey = Convert.ToBase64String(new byte[31]); break;
            case "key not base64": options.SigningKey = "not base64!"; break;
            case "lease wait over 60 s": options.LeaseMaxWait = TimeSpan.FromSeconds(61); break;
            case "no url lifetime": options.CapabilityUrlLifetime = TimeSpan.Zero; break;
        }

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Gateway_CapabilityUrlLifetimeOver24Hours_IsRefused_WhileExactly24HoursPasses()
    {
        var tooLong = Valid();
        tooLong.CapabilityUrlLifetime = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1);
        var aYear = Valid();
        aYear.CapabilityUrlLifetime = TimeSpan.FromDays(365);
        var longest = Valid();
        longest.CapabilityUrlLifetime = TimeSpan.FromHours(24);

        var refused = new GatewayOptionsValidator().Validate(null, tooLong);

        Assert.True(refused.Failed);
        Assert.Contains("CapabilityUrlLifetime", refused.FailureMessage, StringComparison.Ordinal);
        Assert.True(new GatewayOptionsValidator().Validate(null, aYear).Failed);
        Assert.True(new GatewayOptionsValidator().Validate(null, longest).Succeeded);
    }

    [Fact]
    public void Auth_TestUsers_Pass() => Assert.True(new AuthOptionsValidator().Validate(null, TestAuth.Options()).Succeeded);

    [Fact]
    public void Auth_UnknownRoleShortTokenDuplicateAndUnknownPlatform_AllFail()
    {
        var options = TestAuth.Options();
        options.Users[0].Collabs["x"] = "owner";
        options.Users[1].Token = "short";
        options.Users[2].Token = TestAuth.AliceToken;
        options.AdapterKeys[0].Platforms.Add("Loihi");

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.Equal(4, result.Failures!.Count());
    }
}
