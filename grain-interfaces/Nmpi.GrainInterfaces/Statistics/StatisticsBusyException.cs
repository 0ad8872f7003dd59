namespace Nmpi.GrainInterfaces.Statistics;

/// <summary>
/// A statistics question was refused because the silo is already scanning as much as it allows (too many new questions
/// in the cache period, or every scan slot busy for too long); the same question may be asked again after <see cref="RetryAfterSeconds"/>.
/// </summary>
[GenerateSerializer, Alias("nmpi.StatisticsBusyException")]
public sealed class StatisticsBusyException : Exception
{
    public StatisticsBusyException(string message, double retryAfterSeconds)
        : base(message)
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>How long to wait before asking again, in seconds (at least one).</summary>
    [Id(0)] public double RetryAfterSeconds { get; private set; }
}
