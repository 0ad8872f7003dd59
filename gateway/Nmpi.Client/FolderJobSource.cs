namespace Nmpi.Client;

/// <summary>A local folder, uploaded as a code bundle of the job's collab when the job is submitted.</summary>
public sealed record FolderJobSource(string Path) : JobSource
{
    internal override Api.V1.JobCode ToCode() =>
        throw new InvalidOperationException("A folder source is uploaded by NmpiClient.SubmitAsync before the job is submitted.");
}
