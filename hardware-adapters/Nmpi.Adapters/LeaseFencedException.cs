namespace Nmpi.Adapters;

/// <summary>The gateway refused a report because the lease is no longer this adapter's (FAILED_PRECONDITION).</summary>
public sealed class LeaseFencedException : Exception
{
    public LeaseFencedException()
    {
    }

    public LeaseFencedException(string message)
        : base(message)
    {
    }

    public LeaseFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
