namespace Nmpi.Client;

/// <summary>Code in a git repository.</summary>
public sealed record GitJobSource(string Url) : JobSource
{
    internal override Api.V1.JobCode ToCode() => new() { GitUrl = Url };
}
