namespace Nmpi.Gateway.Auth;

/// <summary>
/// How the gateway asks the cluster about tokens, users and provider keys (configuration section Nmpi:AuthLookups):
/// short timeouts and one retry, so a call does not wait out the 30-s response timeout on a silo that died.
/// </summary>
public sealed class AuthLookupOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Nmpi:AuthLookups";

    /// <summary>How long one lookup may take before it is abandoned (and retried once).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How old a positive answer may be to stand in when the cluster does not answer a lookup; zero turns that off.
    /// Whenever the cluster answers, its answer counts, so a revocation holds at once.
    /// </summary>
    public TimeSpan LastAnswerLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
