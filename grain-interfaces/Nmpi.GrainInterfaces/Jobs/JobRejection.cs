namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>The machine-readable kinds of refusal a job operation can answer with.</summary>
[GenerateSerializer, Alias("nmpi.JobRejection")]
public enum JobRejection
{
    /// <summary>No such job (or the caller may not see it).</summary>
    NotFound = 1,
    /// <summary>The move is not allowed from the job's current state.</summary>
    InvalidTransition = 2,
    /// <summary>The report carries a lease epoch that is no longer the job's.</summary>
    StaleLease = 3,
    /// <summary>The request id was used before for a different request.</summary>
    RequestIdReused = 4,
    /// <summary>The request is malformed.</summary>
    InvalidArgument = 5,
    /// <summary>A limit (size, count) was exceeded.</summary>
    LimitExceeded = 6,
}
