namespace Nmpi.JobManager;

/// <summary>The outcome of a sign-in at the provider: its access token (the session's bearer token), who it names, and when it expires.</summary>
public sealed record ExternalSession(string AccessToken, string UserId, DateTimeOffset ExpiresAt);
