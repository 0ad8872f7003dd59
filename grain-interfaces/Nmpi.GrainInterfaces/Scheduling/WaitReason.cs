namespace Nmpi.GrainInterfaces.Scheduling;

/// <summary>Why a queued job has not started.</summary>
[GenerateSerializer, Alias("nmpi.WaitReason")]
public enum WaitReason
{
    None = 0,
    Queued = 1,
    NoAdapterOnline = 2,
    CapacityFull = 3,
    Dispatched = 4,
}
