using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

public sealed class OidcOptionsTests
{
    private static OidcOptions Valid() => new() { Authority = "https://iam.ebrains.eu/auth/realms/hbp", Audience = "nmpi" };

    [Fact]
    public void EbrainsLikeSettings_Pass()
    {
        var options = Valid();

        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://iam.ebrains.eu/auth/realms/hbp", options.EffectiveIssuer);
        Assert.Equal("roles.team", options.EffectiveAdminRoleClaimPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/realms/test")]
    [InlineData("http://[::1]:8080/realms/test")]
    public void PlainHttpMetadata_OnLoopback_Passes(string authority)
    {
        var options = Valid();
        options.Authority = authority;
        options.RequireHttpsMetadata = false;

        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("no authority")]
    [InlineData("relative authority")]
    [InlineData("http authority with https required")]
    [InlineData("plain http to a remote issuer")]
    [InlineData("plain http to localhost by name")]
    [InlineData("relative issuer")]
    [InlineData("no audience")]
    [InlineData("no username claim")]
    [InlineData("empty team claim path")]
    [InlineData("team claim path with an empty segment")]
    [InlineData("bad admin role claim path")]
    [InlineData("empty admin username")]
    [InlineData("negative clock skew")]
    [InlineData("clock skew over 5 minutes")]
    [InlineData("key refresh spacing under 1 s")]
    [InlineData("metadata refresh sooner than key spacing")]
    [InlineData("no metadata timeout")]
    public void BadSetting_Fails(string breakage)
    {
        var options = Valid();
        switch (breakage)
        {
            case "no authority": options.Authority = ""; break;
            case "relative authority": options.Authority = "/realms/hbp"; break;
            case "http authority with https required": options.Authority = "http://iam.ebrains.eu/auth/realms/hbp"; break;
            case "plain http to a remote issuer": options.Authority = "http://iam.ebrains.eu/auth/realms/hbp"; options.RequireHttpsMetadata = false; break;
            case "plain http to localhost by name": options.Authority = "http://localhost:8080/realms/test"; options.RequireHttpsMetadata = false; break;
            case "relative issuer": options.Issuer = "realms/hbp"; break;
            case "no audience": options.Audience = " "; break;
            case "no username claim": options.UsernameClaim = ""; break;
            case "empty team claim path": options.TeamClaimPath = ""; break;
            case "team claim path with an empty segment": options.TeamClaimPath = "roles..team"; break;
            case "bad admin role claim path": options.AdminRoleClaimPath = "realm_access."; break;
            case "empty admin username": options.AdminUsernames = ["root", ""]; break;
            case "negative clock skew": options.ClockSkew = TimeSpan.FromSeconds(-1); break;
            case "clock skew over 5 minutes": options.ClockSkew = TimeSpan.FromMinutes(6); break;
            case "key refresh spacing under 1 s": options.KeyRefreshMinInterval = TimeSpan.FromMilliseconds(500); break;
            case "metadata refresh sooner than key spacing": options.MetadataRefreshInterval = TimeSpan.FromSeconds(10); break;
            case "no metadata timeout": options.MetadataTimeout = TimeSpan.Zero; break;
        }

        Assert.True(new OidcOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void ExplicitIssuer_IsUsedAsIs()
    {
        var options = Valid();
        options.Authority = "https://iam.ebrains.eu/auth/realms/hbp/";
        Assert.Equal("https://iam.ebrains.eu/auth/realms/hbp", options.EffectiveIssuer);

        options.Issuer = "https://issuer.example.org/";
        Assert.Equal("https://issuer.example.org/", options.EffectiveIssuer);
    }

    [Fact]
    public void Registration_WithoutTheSection_AddsNothing()
    {
        var services = new ServiceCollection().AddExternalTokenValidation(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ExternalTokenValidator));
    }

    [Fact]
    public void Registration_WithTheSection_GivesAValidatorForTheIssuer()
    {
        using var provider = Provider(new()
        {
            ["Nmpi:Auth:Oidc:Authority"] = "https://iam.ebrains.eu/auth/realms/hbp",
            ["Nmpi:Auth:Oidc:Audience"] = "nmpi",
            ["Nmpi:Auth:Oidc:AdminUsernames:0"] = "root",
        });

        var validator = provider.GetRequiredService<ExternalTokenValidator>();

        Assert.Equal("https://iam.ebrains.eu/auth/realms/hbp", validator.Issuer);
        Assert.Equal(["root"], provider.GetRequiredService<IOptions<OidcOptions>>().Value.AdminUsernames);
    }

    [Fact]
    public void Registration_WithABadSection_RefusesToBuildTheValidator()
    {
        using var provider = Provider(new() { ["Nmpi:Auth:Oidc:Authority"] = "http://iam.ebrains.eu/auth/realms/hbp" });

        var e = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<ExternalTokenValidator>);
        Assert.Contains(e.Failures, f => f.Contains("Audience", StringComparison.Ordinal));
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        return services.AddExternalTokenValidation(configuration).BuildServiceProvider();
    }
}
