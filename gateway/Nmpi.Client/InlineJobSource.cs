namespace Nmpi.Client;

/// <summary>Code sent inline with the job.</summary>
public sealed record InlineJobSource(string Code) : JobSource
{
    internal override Api.V1.JobCode ToCode() => new() { Inline = Code };
}
