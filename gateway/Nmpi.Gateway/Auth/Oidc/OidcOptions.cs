namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>The external OpenID Connect issuer whose access tokens the gateway accepts, bound from <c>Nmpi:Auth:Oidc</c>.</summary>
public sealed class OidcOptions
{
    public const string SectionName = "Nmpi:Auth:Oidc";

    /// <summary>Base URL of the issuer; its discovery document is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The exact <c>iss</c> of its tokens; empty means the Authority without a trailing slash.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The value a token's <c>aud</c> must contain (for Keycloak: the client id, added by an audience mapper).</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim holding the username.</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Put before the username to make the user id of the issuer's users (at their first call; kept when the username changes).
    /// It ends with ':', which no local user id holds, so the issuer's users can never be local accounts.
    /// </summary>
    public string UserIdPrefix { get; set; } = "oidc:";

    /// <summary>Refuse access tokens without a <c>typ</c> claim of "Bearer" (Keycloak sets it); false for issuers that set none.</summary>
    public bool RequireTyp { get; set; } = true;

    /// <summary>Dotted path to the claim listing teams (<c>collab-&lt;id&gt;-&lt;role&gt;</c>); a top-level claim of that exact name is read first.</summary>
    public string TeamClaimPath { get; set; } = "roles.team";

    /// <summary>A value that makes its holder a platform administrator when present in <see cref="AdminRoleClaimPath"/>; empty means none.</summary>
    public string AdminRole { get; set; } = "";

    /// <summary>Dotted path to the claim searched for <see cref="AdminRole"/>; empty means <see cref="TeamClaimPath"/>.</summary>
    public string AdminRoleClaimPath { get; set; } = "";

    /// <summary>Local collabs whose roles the issuer's teams may grant (an administrator's choice); other local and all private collabs are never granted by teams.</summary>
    public List<string> LinkedCollabs { get; set; } = [];

    /// <summary>Usernames that are platform administrators whatever their claims say.</summary>
    public List<string> AdminUsernames { get; set; } = [];

    /// <summary>Refuse metadata and keys not served over https; false is allowed only for an issuer on a loopback address (tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated difference between the issuer's clock and the gateway's when checking exp and nbf.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Least time between two fetches of the issuer's keys, so tokens naming unknown key ids cannot make the gateway hammer the issuer.</summary>
    public TimeSpan KeyRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Age after which cached keys are fetched again even though no token asked for a new one.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long one fetch of the discovery document or the keys may take.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The Job Manager's client id at the issuer; when set, the sign-in page offers "Sign in with <see cref="DisplayName"/>".</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret of a confidential client (sent to the token endpoint with HTTP Basic); empty for a public client.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The provider's name on the sign-in button; empty means the Authority's host name.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The scopes asked for at sign-in (space-separated; must include openid, whose ID token carries the nonce back).</summary>
    public string Scope { get; set; } = "openid profile email";

    /// <summary>How long a browser may take from leaving for the provider to coming back with a code.</summary>
    public TimeSpan SignInTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The issuer tokens must name: <see cref="Issuer"/>, or the Authority without a trailing slash.</summary>
    public string EffectiveIssuer => Issuer.Length > 0 ? Issuer : Authority.TrimEnd('/');

    /// <summary>The claim path searched for <see cref="AdminRole"/>.</summary>
    public string EffectiveAdminRoleClaimPath => AdminRoleClaimPath.Length > 0 ? AdminRoleClaimPath : TeamClaimPath;
}
