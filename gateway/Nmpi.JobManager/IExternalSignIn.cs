namespace Nmpi.JobManager;

/// <summary>
/// Sign-in at the configured OpenID Connect provider (authorization code with PKCE): the pages keep state, nonce and
/// verifier in the browser's short-lived cookie; the gateway talks to the provider and checks what it answers.
/// </summary>
/// <remarks>Registered only when the provider has a client id for the Job Manager; without it the sign-in page offers passwords alone.</remarks>
public interface IExternalSignIn
{
    /// <summary>Where the provider sends the browser back with the code (under the gateway's public address).</summary>
    const string CallbackPath = JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/signin/oidc/callback";

    /// <summary>The provider's name on the sign-in button.</summary>
    string ProviderName { get; }

    /// <summary>How long the browser may take to come back from the provider.</summary>
    TimeSpan Timeout { get; }

    /// <summary>The provider's authorization address for this sign-in.</summary>
    Task<Uri> AuthorizationUrlAsync(string state, string nonce, string codeChallenge, CancellationToken cancellationToken);

    /// <summary>Redeems the code with its PKCE verifier, checks the ID token's nonce and the access token; throws <see cref="ExternalSignInException"/> when refused.</summary>
    Task<ExternalSession> RedeemAsync(string code, string codeVerifier, string nonce, CancellationToken cancellationToken);
}
