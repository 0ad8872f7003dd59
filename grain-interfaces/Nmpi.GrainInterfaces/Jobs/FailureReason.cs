namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Why a job ended in error.</summary>
[GenerateSerializer, Alias("nmpi.FailureReason")]
public enum FailureReason
{
    None = 0,
    UserCodeError = 1,
    InvalidInput = 2,
    PlatformError = 3,
    Timeout = 4,
    Quota = 5,
    LostLease = 6,
    Memory = 7,
    ProcessLimit = 8,
}
