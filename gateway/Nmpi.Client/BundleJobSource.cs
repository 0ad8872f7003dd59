namespace Nmpi.Client;

/// <summary>Code uploaded to the platform's store as a bundle.</summary>
public sealed record BundleJobSource(string ArtifactId) : JobSource
{
    internal override Api.V1.JobCode ToCode() => new() { ArtifactId = ArtifactId };
}
