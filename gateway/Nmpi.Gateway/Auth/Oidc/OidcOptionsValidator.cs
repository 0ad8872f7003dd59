using System.Net;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Refuses to start with an issuer setting that would accept the wrong tokens or fail at the first request.</summary>
public sealed partial class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    private const string At = OidcOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
        {
            failures.Add($"{At}:Authority must be an absolute http(s) URL.");
        }
        else if (options.RequireHttpsMetadata && authority.Scheme != "https")
        {
            failures.Add($"{At}:Authority must be https while RequireHttpsMetadata is true.");
        }
        else if (!options.RequireHttpsMetadata && !(IPAddress.TryParse(authority.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)))
        {
            failures.Add($"{At}:RequireHttpsMetadata may be false only for an issuer on a loopback address (tests).");
        }

        if (options.Issuer.Length > 0 && !Uri.TryCreate(options.Issuer, UriKind.Absolute, out _))
        {
            failures.Add($"{At}:Issuer must be an absolute URL when set.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{At}:Audience is required (the client id the tokens are issued for).");
        }

        if (string.IsNullOrWhiteSpace(options.UsernameClaim))
        {
            failures.Add($"{At}:UsernameClaim is required.");
        }

        if (!UserIdPrefix().IsMatch(options.UserIdPrefix))
        {
            failures.Add($"{At}:UserIdPrefix must be 1 to 30 lower-case letters, digits or '-', then ':' (e.g. 'ebrains:').");
        }

        CheckPath(options.TeamClaimPath, "TeamClaimPath", failures);
        if (options.AdminRoleClaimPath.Length > 0)
        {
            CheckPath(options.AdminRoleClaimPath, "AdminRoleClaimPath", failures);
        }

        if (options.LinkedCollabs.Any(c => string.IsNullOrWhiteSpace(c) || c.StartsWith("private-", StringComparison.Ordinal)))
        {
            failures.Add($"{At}:LinkedCollabs must not contain empty names or private collabs.");
        }

        if (options.AdminUsernames.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{At}:AdminUsernames must not contain empty names.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{At}:ClockSkew must be 0 to 5 minutes.");
        }

        if (options.KeyRefreshMinInterval < TimeSpan.FromSeconds(1) || options.KeyRefreshMinInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{At}:KeyRefreshMinInterval must be 1 second to 1 hour.");
        }

        if (options.MetadataRefreshInterval < options.KeyRefreshMinInterval)
        {
            failures.Add($"{At}:MetadataRefreshInterval must be at least KeyRefreshMinInterval.");
        }

        if (options.MetadataTimeout < TimeSpan.FromSeconds(1) || options.MetadataTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{At}:MetadataTimeout must be 1 to 60 seconds.");
        }

        CheckSignIn(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSignIn(OidcOptions options, List<string> failures)
    {
        if (options.ClientSecret.Length > 0 && options.ClientId.Length == 0)
        {
            failures.Add($"{At}:ClientSecret needs a ClientId.");
        }

        if (options.ClientId.Length > 200 || options.ClientId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{At}:ClientId must be at most 200 characters without spaces.");
        }

        if (options.DisplayName.Length > 60 || options.DisplayName.Any(char.IsControl))
        {
            failures.Add($"{At}:DisplayName must be one line of at most 60 characters.");
        }

        if (options.ClientId.Length > 0 && !options.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{At}:Scope must include openid (its ID token carries the sign-in's nonce back).");
        }

        if (options.SignInTimeout < TimeSpan.FromMinutes(1) || options.SignInTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{At}:SignInTimeout must be 1 minute to 1 hour.");
        }
    }

    private static void CheckPath(string path, string field, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{At}:{field} must be a claim name or a dotted path such as roles.team.");
        }
    }

    // The ':' keeps the issuer's user ids out of the local ones (lower-case letters, digits, '.', '_', '-').
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,29}:$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UserIdPrefix();
}
