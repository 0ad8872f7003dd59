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

    [Id(0)] public JobRejection Rejection { get; private set; }

    /// <summary>The request field at fault, when one is.</summary>
    [Id(1)] public string? Field { get; private set; }
}
