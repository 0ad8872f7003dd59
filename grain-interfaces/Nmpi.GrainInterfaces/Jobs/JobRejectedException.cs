namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Thrown by job grains when an operation is refused; it changed nothing.</summary>
[GenerateSerializer, Alias("nmpi.JobRejectedException")]
public sealed class JobRejectedException : Exception
{
    public JobRejectedException(JobRejection rejection, string message, string? field = null)
        : base(message)
    {
        Rejection = rejection;
        Field = field;
    }

    /// <summary>A refusal by the lease fence, saying who holds the job (the gateway answers another key's job as not found).</summary>
    public JobRejectedException(string message, LeaseHolding holding, string? field = null)
        : this(JobRejection.StaleLease, message, field)
    {
        Holding = holding;
    }

    [Id(0)] public JobRejection Rejection { get; private set; }

    /// <summary>The request field at fault, when one is.</summary>
    [Id(1)] public string? Field { get; private set; }

    /// <summary>For a <see cref="JobRejection.StaleLease"/> refusal: who holds the job; never sent to callers as such.</summary>
    [Id(2)] public LeaseHolding? Holding { get; private set; }
}
