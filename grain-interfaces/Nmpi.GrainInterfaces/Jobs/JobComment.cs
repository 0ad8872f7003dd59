namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>A comment a user left on a job.</summary>
[GenerateSerializer, Alias("nmpi.JobComment")]
public sealed record JobComment(
    [property: Id(0)] long Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset CreatedAt);
