namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>What a user asked for: the validated, immutable part of a job.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.JobSpec")]
public sealed record JobSpec
{
    [Id(0)] public required string RequestId { get; init; }
    [Id(1)] public required CodeSource CodeSource { get; init; }
    [Id(2)] public required string Code { get; init; }
    [Id(3)] public required string Command { get; init; }
    [Id(4)] public IReadOnlyList<string> InputData { get; init; } = [];
    [Id(5)] public required string Platform { get; init; }
    /// <summary>The hardware configuration as a JSON object text ("{}" when none).</summary>
    [Id(6)] public string HardwareConfigJson { get; init; } = "{}";
    [Id(7)] public required string Collab { get; init; }
    [Id(8)] public required string UserId { get; init; }
    [Id(9)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(10)] public TimeSpan? WallTimeLimit { get; init; }
}
