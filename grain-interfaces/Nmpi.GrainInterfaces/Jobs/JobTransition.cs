namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>One recorded move of a job: from, to, when, who and why.</summary>
[GenerateSerializer, Alias("nmpi.JobTransition")]
public sealed record JobTransition(
    [property: Id(0)] JobStatus? From,
    [property: Id(1)] JobStatus To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string By,
    [property: Id(4)] string Why);
