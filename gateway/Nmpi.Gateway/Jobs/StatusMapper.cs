using Grain = Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>Maps the enums of the grain contract to and from their protobuf twins.</summary>
public static class StatusMapper
{
    public static Wire.JobStatus ToWire(Grain.JobStatus status) => status switch
    {
        Grain.JobStatus.Submitted => Wire.JobStatus.Submitted,
        Grain.JobStatus.Validated => Wire.JobStatus.Validated,
        Grain.JobStatus.Running => Wire.JobStatus.Running,
        Grain.JobStatus.Finished => Wire.JobStatus.Finished,
        Grain.JobStatus.Error => Wire.JobStatus.Error,
        Grain.JobStatus.Cancelling => Wire.JobStatus.Cancelling,
        Grain.JobStatus.Cancelled => Wire.JobStatus.Cancelled,
        Grain.JobStatus.Removed => Wire.JobStatus.Removed,
        _ => Wire.JobStatus.Unspecified,
    };

    /// <summary>Maps a validated wire status (never Unspecified) to the grain's.</summary>
    public static Grain.JobStatus ToGrain(Wire.JobStatus status) => status switch
    {
        Wire.JobStatus.Submitted => Grain.JobStatus.Submitted,
        Wire.JobStatus.Validated => Grain.JobStatus.Validated,
        Wire.JobStatus.Running => Grain.JobStatus.Running,
        Wire.JobStatus.Finished => Grain.JobStatus.Finished,
        Wire.JobStatus.Error => Grain.JobStatus.Error,
        Wire.JobStatus.Cancelling => Grain.JobStatus.Cancelling,
        Wire.JobStatus.Cancelled => Grain.JobStatus.Cancelled,
        Wire.JobStatus.Removed => Grain.JobStatus.Removed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown job status."),
    };

    public static Wire.FailureReason ToWire(Grain.FailureReason reason) =>
        Enum.IsDefined((Wire.FailureReason)(int)reason) ? (Wire.FailureReason)(int)reason : Wire.FailureReason.Unspecified;

    public static Grain.FailureReason ToGrain(Wire.FailureReason reason) =>
        Enum.IsDefined((Grain.FailureReason)(int)reason) ? (Grain.FailureReason)(int)reason : Grain.FailureReason.None;

    public static Wire.WaitReason ToWire(GrainInterfaces.Scheduling.WaitReason reason) =>
        Enum.IsDefined((Wire.WaitReason)(int)reason) ? (Wire.WaitReason)(int)reason : Wire.WaitReason.Unspecified;
}
