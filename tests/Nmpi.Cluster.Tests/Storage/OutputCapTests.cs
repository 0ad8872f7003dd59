using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Security review M-4: a job cannot store outputs without limit; the adapter API refuses beyond the caps and stores nothing of it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OutputCapTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Outputs_BeyondTheFileCount_AreRefused_TheFirstOnesKept_AndTheRestNotStored()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Jobs:MaxOutputFiles"] = "3" });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());

        // The attack: a job that writes file after file.
        var files = Enumerable.Range(0, 6).Select(_ => RandomNumberGenerator.GetBytes(1000)).ToList();
        var accepted = new List<string>();
        var refusals = new List<RpcException>();
        for (var i = 0; i < files.Count; i++)
        {
            try
            {
                accepted.Add((await adapter.UploadAsync(leased.Lease, $"out/{i}.dat", files[i])).Path);
            }
            catch (RpcException e)
            {
                refusals.Add(e);
            }
        }

        // Writing again a file already stored replaces it: it counts once.
        var replaced = await adapter.UploadAsync(leased.Lease, "out/0.dat", files[5]);
        var seen = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });

        Assert.Equal(["out/0.dat", "out/1.dat", "out/2.dat"], accepted);
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, e =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Equal("LIMIT_EXCEEDED", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        });
        Assert.Equal($"Job {job.Id}: the job already has 3 output files, the most one job may have; out/3.dat was not stored.", refusals[0].Status.Detail);
        Assert.Equal("out/0.dat", replaced.Path);
        Assert.Equal(["out/0.dat", "out/1.dat", "out/2.dat"], seen.OutputData.Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.False(IsStored(host, files[3]));
        Assert.False(IsStored(host, files[4]));
    }

    [Fact]
    public async Task Output_PassingTheJobsTotalBytes_IsRefusedWhileStreaming_AndNothingOfItIsStored()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Jobs:MaxOutputBytes"] = "100000" });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        var first = RandomNumberGenerator.GetBytes(60_000);
        var second = RandomNumberGenerator.GetBytes(50_000);

        await adapter.UploadAsync(leased.Lease, "first.dat", first);
        var refused = await Assert.ThrowsAsync<RpcException>(() => adapter.UploadAsync(leased.Lease, "second.dat", second, chunkSize: 10_000));
        var fits = await adapter.UploadAsync(leased.Lease, "small.dat", RandomNumberGenerator.GetBytes(40_000));
        var seen = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("LIMIT_EXCEEDED", refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal($"Job {job.Id}: the job's outputs may add up to at most 40000 more bytes; second.dat was not stored.", refused.Status.Detail);
        Assert.False(IsStored(host, second));
        Assert.Equal(40_000, fits.Size);
        Assert.Equal(["first.dat", "small.dat"], seen.OutputData.Select(o => o.Path).Order(StringComparer.Ordinal));
    }

    private static bool IsStored(PlatformHost host, byte[] content)
    {
        var sha = CodeUploads.Sha(content);
        return File.Exists(Path.Combine(host.ArtifactDirectory, "sha256", sha[..2], sha));
    }
}
