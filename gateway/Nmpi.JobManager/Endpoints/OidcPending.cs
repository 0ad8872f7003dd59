namespace Nmpi.JobManager.Endpoints;

/// <summary>A sign-in at the provider under way in one browser: the values the provider's answer must match, and the page to return to.</summary>
internal sealed record OidcPending(string State, string Nonce, string Verifier, string Return);
