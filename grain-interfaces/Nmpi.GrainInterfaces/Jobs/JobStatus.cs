namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>The states of a job; only <c>JobStateMachine</c> moves a job between them.</summary>
[GenerateSerializer, Alias("nmpi.JobStatus")]
public enum JobStatus
{
    Submitted = 1,
    Validated = 2,
    Running = 3,
    Finished = 4,
    Error = 5,
    Cancelling = 6,
    Cancelled = 7,
    Removed = 8,
}
