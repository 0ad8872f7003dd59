namespace Nmpi.GrainInterfaces.Scheduling;

/// <summary>A queued job's place in line and why it waits.</summary>
[GenerateSerializer, Alias("nmpi.WaitInfo")]
public sealed record WaitInfo(
    [property: Id(0)] WaitReason Reason,
    [property: Id(1)] int Position,
    [property: Id(2)] string Message);
