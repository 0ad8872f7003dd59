using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Client;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>The client library's folder upload against a running platform: only missing blobs travel, the bundle matches the folder.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class FolderUploadTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task UploadFolder_SendsOnlyMissingContentOnce_AndSubmitWithAFolderSourceUsesTheBundle()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        using var client = new NmpiClient(new NmpiClientOptions { Address = new Uri(platform.GrpcUrl), Token = PlatformHost.AliceToken });
        _workspace.Write("run.py", "print('same')\n");
        _workspace.Write("copy/run.py", "print('same')\n");
        _workspace.Write("data/params.json", "{\"rate\": 40}\n");
        _workspace.Write("out/neuro/job_1/old.txt", "result\n");
        var progress = new List<UploadProgress>();

        var first = await client.UploadFolderAsync(_workspace.Folder, "neuro", new FolderUploadOptions
        {
            Exclude = ["out"],
            Progress = new Results.InlineProgress<UploadProgress>(progress.Add),
        });
        var second = await client.UploadFolderAsync(_workspace.Folder, "neuro", new FolderUploadOptions { Exclude = ["out"] });

        Assert.Equal(["copy/run.py", "data/params.json", "run.py"], first.Files.Select(f => f.Path));
        Assert.Equal((3, 0), (first.Uploaded, first.Unchanged));
        Assert.Equal(first.Files.DistinctBy(f => f.Sha256).Sum(f => f.Size), first.UploadedBytes);
        Assert.Equal(first.UploadedBytes, progress[^1].TotalBytes);
        Assert.Equal((0, 3, 0L), (second.Uploaded, second.Unchanged, second.UploadedBytes));
        Assert.Equal(first.BundleId, second.BundleId);

        var handle = await client.SubmitAsync(new JobSubmission { Source = JobSource.Folder(_workspace.Folder), Platform = "SpiNNaker", Collab = "neuro" });
        Assert.Equal(JobCode.SourceOneofCase.ArtifactId, handle.Submitted!.Code.SourceCase);
        var bundle = await client.Jobs.GetCodeBundleAsync(new GetCodeBundleRequest { Id = handle.Submitted.Code.ArtifactId });
        Assert.Contains(bundle.Files, f => f.Path == "out/neuro/job_1/old.txt");

        var refused = await Assert.ThrowsAsync<NmpiException>(() => client.UploadFolderAsync(_workspace.Folder, "other"));
        Assert.Equal("COLLAB_NOT_FOUND", refused.Reason);
    }

    public void Dispose() => _workspace.Dispose();
}
