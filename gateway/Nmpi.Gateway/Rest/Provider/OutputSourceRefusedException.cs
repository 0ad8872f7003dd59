namespace Nmpi.Gateway.Rest.Provider;

/// <summary>An output URL the site's rule does not let the gateway fetch (answered 400 naming the URL and the reason).</summary>
public sealed class OutputSourceRefusedException : Exception
{
    public OutputSourceRefusedException()
    {
    }

    public OutputSourceRefusedException(string message)
        : base(message)
    {
    }

    public OutputSourceRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
