using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>A job's directory could not be prepared; the message is written for the job's owner.</summary>
public sealed class JobPreparationException : Exception
{
    public JobPreparationException()
        : this("the job's directory could not be prepared")
    {
    }

    public JobPreparationException(string message)
        : this(message, FailureReason.InvalidInput)
    {
    }

    public JobPreparationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = FailureReason.InvalidInput;
    }

    public JobPreparationException(string message, FailureReason reason)
        : base(message)
    {
        Reason = reason;
    }

    public JobPreparationException(string message, FailureReason reason, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The failure category the job ends with (invalid input unless the site is at fault).</summary>
    public FailureReason Reason { get; }
}
