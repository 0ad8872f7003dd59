using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Web.Tests;

/// <summary>The checks on the settings of browser sign-in at the identity provider.</summary>
public sealed class OidcSignInOptionsTests
{
    [Theory]
    [InlineData("", "secret", "openid", "ClientSecret needs a ClientId")]
    [InlineData("job manager", "", "openid", "ClientId must be at most 200 characters without spaces")]
    [InlineData("job-manager", "", "profile email", "Scope must include openid")]
    public void SignInSettings_AreChecked(string clientId, string secret, string scope, string failure)
    {
        var options = new OidcOptions { Authority = "https://iam.example.org/realms/hbp", Audience = "nmpi", ClientId = clientId, ClientSecret = secret, Scope = scope };

        var result = new OidcOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SignInSettings_OfAConfidentialClient_Pass()
    {
        var options = new OidcOptions { Authority = "https://iam.example.org/realms/hbp", Audience = "nmpi", ClientId = "job-manager", ClientSecret = "s3cret", DisplayName = "EBRAINS" };

        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
    }
}
