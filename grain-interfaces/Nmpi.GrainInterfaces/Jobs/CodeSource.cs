namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>Where a job's code comes from.</summary>
[GenerateSerializer, Alias("nmpi.CodeSource")]
public enum CodeSource
{
    Inline = 1,
    Artifact = 2,
    Git = 3,
    Archive = 4,
}
