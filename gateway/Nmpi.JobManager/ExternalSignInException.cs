namespace Nmpi.JobManager;

/// <summary>A sign-in at the provider that did not succeed; the message is written for the person signing in.</summary>
public sealed class ExternalSignInException : Exception
{
    public ExternalSignInException()
    {
    }

    public ExternalSignInException(string message)
        : base(message)
    {
    }

    public ExternalSignInException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a refusal; <paramref name="providerUnavailable"/> when the provider could not be reached rather than said no.</summary>
    public ExternalSignInException(string message, bool providerUnavailable)
        : base(message) => ProviderUnavailable = providerUnavailable;

    /// <summary>True when the provider could not be reached or answered nonsense (try again later), false when it refused.</summary>
    public bool ProviderUnavailable { get; }
}
