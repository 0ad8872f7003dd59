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
    [InlineData("no artifact directory", "Nmpi:Gateway:ArtifactDirectory is required.")]
    [InlineData("relative base address", "Nmpi:Gateway:CapabilityBaseAddress must be an absolute http(s) URL.")]
    [InlineData("ftp base address", "Nmpi:Gateway:CapabilityBaseAddress must be an absolute http(s) URL.")]
    [InlineData("short key", "Nmpi:Gateway:SigningKey must be base64 of at least 32 bytes.")]
    [InlineData("key not base64", "Nmpi:Gateway:SigningKey must be base64 of at least 32 bytes.")]
    [InlineData("no url lifetime", "Nmpi:Gateway:CapabilityUrlLifetime must be positive and at most 24 h.")]
    [InlineData("no output file size", "Nmpi:Gateway:MaxOutputFileBytes must be positive.")]
    [InlineData("code file over bundle", "Nmpi:Gateway:MaxCodeFileBytes must be positive and at most MaxCodeBundleBytes.")]
    [InlineData("lease wait over 60 s", "Nmpi:Gateway:LeaseMaxWait must be above 0 and at most 60 s.")]
    [InlineData("default wait over max wait", "Nmpi:Gateway:LeaseDefaultWait must be 0 to LeaseMaxWait.")]
    [InlineData("lease reply over 7 MiB", "Nmpi:Gateway:MaxLeaseReplyBytes must be 2 MiB to 7 MiB.")]
    [InlineData("no grain wait", "Nmpi:Gateway:MaxGrainWait must be positive.")]
    [InlineData("no stream recheck", "Nmpi:Gateway:StreamRecheck must be positive.")]
    [InlineData("no inline log", "Nmpi:Gateway:MaxInlineLogBytes must be positive.")]
    public void Gateway_BadSetting_FailsWithExactlyItsOwnMessage(string breakage, string message)
    {
        var options = Valid();
        switch (breakage)
        {
            case "no artifact directory": options.ArtifactDirectory = ""; break;
            case "relative base address": options.CapabilityBaseAddress = "/outputs"; break;
            case "ftp base address": options.CapabilityBaseAddress = "ftp://127.0.0.1/outputs"; break;
            case "short key": options.SigningKey = Convert.ToBase64String(new byte[31]); break;
            case "key not base64": options.SigningKey = "not base64!"; break;
            case "no url lifetime": options.CapabilityUrlLifetime = TimeSpan.Zero; break;
            case "no output file size": options.MaxOutputFileBytes = 0; break;
            case "code file over bundle": options.MaxCodeFileBytes = options.MaxCodeBundleBytes + 1; break;
            case "lease wait over 60 s": options.LeaseMaxWait = TimeSpan.FromSeconds(61); break;
            case "default wait over max wait": options.LeaseDefaultWait = options.LeaseMaxWait + TimeSpan.FromSeconds(1); break;
            case "lease reply over 7 MiB": options.MaxLeaseReplyBytes = (7 * 1024 * 1024) + 1; break;
            case "no grain wait": options.MaxGrainWait = TimeSpan.Zero; break;
            case "no stream recheck": options.StreamRecheck = TimeSpan.Zero; break;
            case "no inline log": options.MaxInlineLogBytes = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        var result = new GatewayOptionsValidator().Validate(null, options);

        // One breakage, one failure, and it is the one that names the broken setting.
        Assert.True(result.Failed);
        Assert.Equal([message], result.Failures);
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
