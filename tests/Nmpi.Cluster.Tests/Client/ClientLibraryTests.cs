using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Client;
using Nmpi.Cluster.Tests.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Client;

/// <summary>The C# client library against a running platform with a real site adapter.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientLibraryTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private const string WritesOutputs = """
        import os, sys
        for i in range(3):
            print(f"step {i}", flush=True)
        os.makedirs("out", exist_ok=True)
        with open("out/data.bin", "wb") as f:
            f.write(bytes(range(256)) * 1000)
        with open("summary.txt", "w") as f:
            f.write("backend=" + sys.argv[1] + "\n")
        """;

    [Fact]
    public async Task Submit_Wait_FollowLog_Download_WritesTheOutputsIntactAndKeepsThemOnASecondDownload()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        using var client = Client(platform, PlatformHost.AliceToken);

        var handle = await client.SubmitAsync(new JobSubmission { Source = JobSource.Inline(WritesOutputs), Platform = "SpiNNaker", Collab = "neuro", Tags = ["client"] });
        var seen = new List<JobStatus>();
        var job = await handle.WaitAsync(new SynchronousProgress<Job>(j => seen.Add(j.Status)));
        var log = new StringBuilder();
        await foreach (var chunk in handle.FollowLogAsync())
        {
            log.Append(chunk.Text);
        }

        Assert.Equal(JobStatus.Finished, job.Status);
        Assert.Equal(JobStatus.Finished, seen[^1]);
        Assert.Contains("step 2", log.ToString(), StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("nmpi-client-").FullName;
        try
        {
            var files = await handle.DownloadOutputsAsync(directory);
            Assert.Equal(["out/data.bin", "summary.txt"], files.Select(f => f.Path).Order(StringComparer.Ordinal));
            var data = await File.ReadAllBytesAsync(Path.Combine(directory, "out", "data.bin"));
            Assert.Equal(Enumerable.Range(0, 1000).SelectMany(_ => Enumerable.Range(0, 256).Select(b => (byte)b)), data);
            Assert.Equal("backend=mock\n", await File.ReadAllTextAsync(Path.Combine(directory, "summary.txt")));

            // A second download finds the files intact and fetches nothing: no progress inside a file is reported.
            var written = File.GetLastWriteTimeUtc(Path.Combine(directory, "out", "data.bin"));
            var partial = new List<DownloadProgress>();
            await handle.DownloadOutputsAsync(directory, new SynchronousProgress<DownloadProgress>(partial.Add));
            Assert.All(partial, p => Assert.Equal(p.FileSize, p.FileBytes));
            Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(directory, "out", "data.bin")));

            // A damaged local copy is replaced.
            await File.WriteAllTextAsync(Path.Combine(directory, "summary.txt"), "tampered");
            await handle.DownloadOutputsAsync(directory);
            Assert.Equal("backend=mock\n", await File.ReadAllTextAsync(Path.Combine(directory, "summary.txt")));
            Assert.Empty(Directory.EnumerateFiles(directory, "*.partial", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.Equal(JobStatus.Removed, (await handle.DeleteAsync()).Status);
    }

    [Fact]
    public async Task ListJobs_EnumeratesEveryPageNewestFirst_AndFiltersQueuedAndCompleted()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        using var client = Client(platform, PlatformHost.AliceToken);
        var ids = new List<long>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await client.SubmitAsync(new JobSubmission { Source = JobSource.Inline("print(1)"), Platform = "Spikey", Collab = "neuro" })).Id);
        }

        var cancelled = client.GetHandle(ids[0]);
        Assert.Equal(JobStatus.Cancelled, (await cancelled.CancelAsync("not needed")).Status);

        var all = await client.ListJobsAsync(new JobQuery { Collab = "neuro", PageSize = 5 }).ToListAsync();
        Assert.Equal(Enumerable.Reverse(ids), all.Select(j => j.Id));
        var first = await client.ListJobsPageAsync(new JobQuery { Collab = "neuro", PageSize = 5 });
        Assert.Equal(23, first.TotalCount);
        Assert.NotNull(first.NextPageToken);
        var queued = await client.ListJobsAsync(new JobQuery { Statuses = JobQuery.Queued, PageSize = 500 }).ToListAsync();
        Assert.Equal(22, queued.Count);
        var completed = await client.ListJobsAsync(new JobQuery { Statuses = JobQuery.Completed }).ToListAsync();
        Assert.Equal(ids[0], Assert.Single(completed).Id);
    }

    [Fact]
    public async Task Submit_WithTheSameRequestIdTwice_ReturnsTheSameJob()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        using var client = Client(platform, PlatformHost.AliceToken);
        var submission = new JobSubmission { Source = JobSource.Inline("print(1)"), Platform = "Spikey", Collab = "neuro", RequestId = $"retry-{Guid.NewGuid():N}" };

        var first = await client.SubmitAsync(submission);
        var second = await client.SubmitAsync(submission);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, (await client.ListJobsPageAsync(new JobQuery { Collab = "neuro" })).TotalCount);
    }

    [Fact]
    public async Task Errors_CarryTheStatusTheReasonAndTheField()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        using var alice = Client(platform, PlatformHost.AliceToken);
        using var stranger = Client(platform, "token-nobody-0123456789");

        var unknownPlatform = await Assert.ThrowsAsync<NmpiException>(() => alice.SubmitAsync(new JobSubmission { Source = JobSource.Inline("print(1)"), Platform = "Loihi", Collab = "neuro" }));
        Assert.Equal(StatusCode.InvalidArgument, unknownPlatform.StatusCode);
        Assert.Equal("hardware_platform", unknownPlatform.Field);
        Assert.Contains(unknownPlatform.Problems, p => p.Field == "hardware_platform");

        var otherCollab = await Assert.ThrowsAsync<NmpiException>(() => alice.SubmitAsync(new JobSubmission { Source = JobSource.Inline("print(1)"), Platform = "Spikey", Collab = "other" }));
        Assert.Equal(StatusCode.NotFound, otherCollab.StatusCode);
        Assert.Equal("COLLAB_NOT_FOUND", otherCollab.Reason);

        var missing = await Assert.ThrowsAsync<NmpiException>(() => alice.GetJobAsync(987654));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", missing.Reason);

        var unauthenticated = await Assert.ThrowsAsync<NmpiException>(() => stranger.GetJobAsync(1));
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task UnreachablePlatform_FailsWithUnavailableAfterItsRetries()
    {
        using var client = new NmpiClient(new NmpiClientOptions { Address = new Uri($"http://127.0.0.1:{PlatformHost.FreePort()}"), Token = PlatformHost.AliceToken, MaxAttempts = 2 });

        var error = await Assert.ThrowsAsync<NmpiException>(() => client.GetJobAsync(1));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private static NmpiClient Client(PlatformHost platform, string token) =>
        new(new NmpiClientOptions { Address = new Uri(platform.GrpcUrl), Token = token });

    // Progress<T> posts to the thread pool; the tests want every report in order before the call returns.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
