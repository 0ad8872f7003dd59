using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Adapters;
using Nmpi.Adapters.Preparation;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Lifecycle;

/// <summary>Uploaded code end to end: real gRPC, real PostgreSQL, the adapter's real downloader writing real files.</summary>
[Collection(PostgresCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Checks Unix mode bits.
public sealed class CodeBundleTests(PostgresFixture postgres) : IDisposable
{
    private static readonly byte[] RunPy = Encoding.UTF8.GetBytes("#!/usr/bin/env python3\nfrom model.net import build\nbuild()\n");
    private static readonly byte[] NetPy = Encoding.UTF8.GetBytes("def build():\n    print('a network of ' + str(2 ** 10) + ' neurons')\n");

    private readonly string _jobs = Directory.CreateTempSubdirectory("nmpi-code-jobs-").FullName;

    public void Dispose() => Directory.Delete(_jobs, recursive: true);

    [Fact]
    public async Task Bundle_UploadedOnce_RunsAsAJob_AndTheAdapterWritesTheIdenticalFiles()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);

        var missingBefore = await MissingAsync(alice, "neuro", RunPy, NetPy);
        await UploadAsync(alice, "neuro", RunPy);
        await UploadAsync(alice, "neuro", NetPy);
        var missingAfter = await MissingAsync(alice, "neuro", RunPy, NetPy);
        var bundle = await CreateAsync(alice, "neuro");
        var again = await CreateAsync(alice, "neuro");
        var seenByViewer = await host.Jobs(PlatformHost.BobToken).GetCodeBundleAsync(new GetCodeBundleRequest { Id = bundle.Id });
        var job = await alice.SubmitJobAsync(WithBundle(bundle.Id));
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var leased = await adapter.LeaseJobAsync(job.Id);
        var directory = Directory.CreateDirectory(Path.Combine(_jobs, "job")).FullName;
        var written = await new CodeBundleDownloader().DownloadAsync(Session(adapter), leased.Lease, directory, CancellationToken.None);

        Assert.Equal([Sha(RunPy), Sha(NetPy)], missingBefore);
        Assert.Empty(missingAfter);
        Assert.StartsWith("cb-", bundle.Id, StringComparison.Ordinal);
        Assert.Equal(bundle.Id, again.Id);
        Assert.Equal(["model/net.py", "run.py"], bundle.Files.Select(f => f.Path));
        Assert.Equal(RunPy.Length + NetPy.Length, bundle.TotalSize);
        Assert.Equal(bundle, seenByViewer);
        Assert.Equal(bundle.Id, leased.Job.Code.ArtifactId);
        Assert.Equal(bundle.Id, written.Id);
        Assert.Equal(RunPy, await File.ReadAllBytesAsync(Path.Combine(directory, "run.py")));
        Assert.Equal(NetPy, await File.ReadAllBytesAsync(Path.Combine(directory, "model", "net.py")));
        Assert.Equal(["model/net.py", "run.py"], Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal));
        Assert.True(File.GetUnixFileMode(Path.Combine(directory, "run.py")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(directory, "model", "net.py")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task Upload_WhoseBytesDoNotMatchItsHash_IsRefused_AndCannotBeBundled()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);

        var refused = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(alice, "neuro", NetPy, claimedSha256: Sha(RunPy)));
        var bundling = await Assert.ThrowsAsync<RpcException>(() => alice.CreateCodeBundleAsync(new CreateCodeBundleRequest
        {
            Collab = "neuro",
            Files = { new CodeBundleEntry { Path = "run.py", Sha256 = Sha(RunPy) } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("header.sha256", Field(refused));
        Assert.Equal([Sha(RunPy)], await MissingAsync(alice, "neuro", RunPy));
        Assert.Equal(StatusCode.InvalidArgument, bundling.StatusCode);
        Assert.Equal("files[0].sha256", Field(bundling));
    }

    [Fact]
    public async Task Submit_WithABundleTheCallerMayNotUse_OrAnUnknownOne_IsRefused_AndStoresNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var carol = host.Jobs(PlatformHost.CarolToken);
        await UploadAsync(alice, "neuro", RunPy);
        await UploadAsync(alice, "neuro", NetPy);
        var collabs = await CreateAsync(alice, "neuro");
        await UploadAsync(alice, "", RunPy);
        await UploadAsync(alice, "", NetPy);
        var personal = await CreateAsync(alice, "");

        var foreign = await Assert.ThrowsAsync<RpcException>(() => carol.SubmitJobAsync(WithBundle(collabs.Id, "other")).ResponseAsync);
        var foreignPersonal = await Assert.ThrowsAsync<RpcException>(() => carol.SubmitJobAsync(WithBundle(personal.Id, "other")).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => alice.SubmitJobAsync(WithBundle("cb-" + new string('0', 64))).ResponseAsync);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => carol.GetCodeBundleAsync(new GetCodeBundleRequest { Id = collabs.Id }).ResponseAsync);
        var ownJob = await alice.SubmitJobAsync(WithBundle(personal.Id));

        Assert.NotEqual(collabs.Id, personal.Id);
        Assert.All([foreign, foreignPersonal, unknown, hidden], e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        Assert.All([foreign, foreignPersonal, unknown], e => Assert.Equal("CODE_BUNDLE_NOT_FOUND", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason));
        Assert.All([foreign, foreignPersonal, unknown], e => Assert.Equal("code.artifact_id", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["field"]));
        Assert.Equal(0, (await carol.ListJobsAsync(new ListJobsRequest())).TotalCount);
        var alicesJobs = await alice.ListJobsAsync(new ListJobsRequest());
        Assert.Equal(ownJob.Id, Assert.Single(alicesJobs.Jobs).Id);
    }

    [Fact]
    public async Task Download_UnderAStaleLease_IsFenced_AndWritesNothing_WhileTheCurrentLeaseGetsTheCode()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        await UploadAsync(alice, "neuro", RunPy);
        await UploadAsync(alice, "neuro", NetPy);
        var bundle = await CreateAsync(alice, "neuro");
        var job = await alice.SubmitJobAsync(WithBundle(bundle.Id));
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var stale = await adapter.LeaseJobAsync(job.Id);
        Assert.Single(await adapter.ReturnAsync(stale.Lease));

        // The same adapter leases the job again: only the epoch tells the old lease from the new one.
        var current = await adapter.LeaseJobAsync(job.Id);
        var staleDirectory = Directory.CreateDirectory(Path.Combine(_jobs, "stale")).FullName;
        var currentDirectory = Directory.CreateDirectory(Path.Combine(_jobs, "current")).FullName;
        var downloader = new CodeBundleDownloader();

        await Assert.ThrowsAsync<LeaseFencedException>(() => downloader.DownloadAsync(Session(adapter), stale.Lease, staleDirectory, CancellationToken.None));
        await downloader.DownloadAsync(Session(adapter), current.Lease, currentDirectory, CancellationToken.None);

        Assert.True(current.Lease.Epoch > stale.Lease.Epoch);
        Assert.Empty(Directory.EnumerateFileSystemEntries(staleDirectory));
        Assert.Equal(RunPy, await File.ReadAllBytesAsync(Path.Combine(currentDirectory, "run.py")));
    }

    [Fact]
    public async Task Download_ForAJobWithInlineCode_IsRefusedClearly()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var job = await alice.SubmitJobAsync(JobRequests.Inline());
        var leased = await adapter.LeaseJobAsync(job.Id);

        var e = await Assert.ThrowsAsync<InvalidDataException>(
            () => new CodeBundleDownloader().DownloadAsync(Session(adapter), leased.Lease, _jobs, CancellationToken.None));

        Assert.Contains("does not run a code bundle", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_jobs));
    }

    private static AdapterSession Session(TestAdapter adapter) => new(adapter.Client, adapter.Id, "3.11");

    private static SubmitJobRequest WithBundle(string bundleId, string collab = "neuro")
    {
        var request = JobRequests.Inline(collab);
        request.Code = new JobCode { ArtifactId = bundleId };
        return request;
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string Field(RpcException e) => Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field;

    private static async Task<IReadOnlyList<string>> MissingAsync(Jobs.JobsClient client, string collab, params byte[][] files)
    {
        var request = new FindMissingBlobsRequest { Collab = collab };
        request.Sha256.AddRange(files.Select(Sha));
        return (await client.FindMissingBlobsAsync(request)).Missing;
    }

    private static async Task UploadAsync(Jobs.JobsClient client, string collab, byte[] content, string? claimedSha256 = null)
    {
        using var call = client.UploadBlob();
        await call.RequestStream.WriteAsync(new UploadBlobChunk
        {
            Header = new UploadBlobHeader { Collab = collab, Sha256 = claimedSha256 ?? Sha(content), Size = content.Length },
        });
        await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFrom(content) });
        await call.RequestStream.CompleteAsync();
        await call;
    }

    private static Task<CodeBundle> CreateAsync(Jobs.JobsClient client, string collab) =>
        client.CreateCodeBundleAsync(new CreateCodeBundleRequest
        {
            Collab = collab,
            Files =
            {
                new CodeBundleEntry { Path = "run.py", Sha256 = Sha(RunPy), Executable = true },
                new CodeBundleEntry { Path = "model/net.py", Sha256 = Sha(NetPy) },
            },
        }).ResponseAsync;
}
