namespace Nmpi.Client;

/// <summary>Code in a zip, tar.gz or tgz archive at a URL.</summary>
public sealed record ArchiveJobSource(string Url) : JobSource
{
    internal override Api.V1.JobCode ToCode() => new() { ArchiveUrl = Url };
}
