using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>Security review M-4: the real site adapter running a script that writes more files than a job may store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OutputCapRunnerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Script_WritingMoreFilesThanTheCap_GetsTheFirstOnesStored_AndItsLogSaysTheRestWasNot()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Jobs:MaxOutputFiles"] = "3" });
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);
        var request = JobRequests.Inline();
        request.Code = new JobCode
        {
            Inline = """
                for i in range(8):
                    with open(f"out{i}.txt", "w") as f:
                        f.write(f"file {i}\n")
                print("wrote 8 files")
                """,
        };

        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, TimeSpan.FromSeconds(30));
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;

        Assert.Equal(3, job.OutputData.Count);
        Assert.Contains("wrote 8 files", log, StringComparison.Ordinal);
        Assert.Contains("[nmpi] 5 of 8 output files were not stored, from ", log, StringComparison.Ordinal);
        Assert.Contains("the most one job may have", log, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(platform.ArtifactDirectory, "sha256"), "*", SearchOption.AllDirectories).Length);
    }
}
