using System.Security.Cryptography;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway;
using Nmpi.Gateway.CodeBundles;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>
/// Code uploads through real gRPC on loopback, as the caller's collab roles allow (these were the gateway's loopback
/// tests while users lived in the gateway's memory; the uploads still never reach a grain).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CodeUploadAccessTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PlatformHost _host = null!;

    private Jobs.JobsClient Jobs => new(_host.Channel);

    public async Task InitializeAsync() => _host = await TenantPlatform.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UploadedFile_IsNoLongerMissing_InItsOwnersStoreOnly()
    {
        var uploaded = RandomNumberGenerator.GetBytes(100_000);
        var other = RandomNumberGenerator.GetBytes(10);

        var reply = await UploadAsync(uploaded, Sha(uploaded), uploaded.Length);
        var mine = await MissingAsync("", Sha(uploaded), Sha(other), Sha(uploaded));
        var collabs = await MissingAsync("neuro-lab", Sha(uploaded));
        var bobs = await Jobs.FindMissingBlobsAsync(new FindMissingBlobsRequest { Sha256 = { Sha(uploaded) } }, TenantPlatform.User(PlatformHost.BobToken));

        Assert.Equal(Sha(uploaded), reply.Sha256);
        Assert.Equal(uploaded.Length, reply.Size);
        Assert.Equal([Sha(other)], mine);
        Assert.Equal([Sha(uploaded)], collabs);
        Assert.Equal([Sha(uploaded)], bobs.Missing);
    }

    [Fact]
    public async Task Upload_WhoseBytesDoNotMatchItsHash_IsRefused_AndStoresNothing()
    {
        var claimed = "print('claimed')\n"u8.ToArray();
        var sent = "print('CLAIMED')\n"u8.ToArray();

        var e = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(sent, Sha(claimed), sent.Length, collab: "neuro-lab"));

        AssertInvalid(e, "header.sha256");
        Assert.Contains(Sha(sent), e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([Sha(claimed)], await MissingAsync("neuro-lab", Sha(claimed)));
        Assert.Equal([Sha(sent)], await MissingAsync("neuro-lab", Sha(sent)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.ArtifactDirectory, new CodeOwner("neuro-lab", "alice").Area, "tmp")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Upload_WithOtherThanTheClaimedSize_IsRefused(int difference)
    {
        var data = RandomNumberGenerator.GetBytes(1000);

        var e = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, Sha(data), data.Length + difference));

        AssertInvalid(e, "data");
        Assert.Equal([Sha(data)], await MissingAsync("", Sha(data)));
    }

    [Fact]
    public async Task Upload_ClaimingMoreThanTheCap_IsRefusedFromItsHeader()
    {
        var cap = new GatewayOptions().MaxCodeFileBytes;
        var e = await Assert.ThrowsAsync<RpcException>(() => UploadAsync([], new string('a', 64), cap + 1));
        AssertInvalid(e, "header.size");
    }

    [Fact]
    public async Task Upload_StartingWithData_IsRefused()
    {
        using var call = Jobs.UploadBlob(TenantPlatform.User(PlatformHost.AliceToken));
        await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFromUtf8("x") });
        await call.RequestStream.CompleteAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        AssertInvalid(e, "header");
    }

    [Theory]
    [InlineData("someone-elses", StatusCode.NotFound)]
    [InlineData("shared", StatusCode.PermissionDenied)]
    public async Task CodeStore_OfACollabTheCallerMayNotSubmitTo_IsRefused(string collab, StatusCode expected)
    {
        var data = "x"u8.ToArray();

        var ask = await Assert.ThrowsAsync<RpcException>(() => MissingAsync(collab, Sha(data)));
        var upload = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, Sha(data), 1, collab));
        var bundle = await Assert.ThrowsAsync<RpcException>(() => Jobs.CreateCodeBundleAsync(
            new CreateCodeBundleRequest { Collab = collab, Files = { new CodeBundleEntry { Path = "run.py", Sha256 = Sha(data) } } },
            TenantPlatform.User(PlatformHost.AliceToken)).ResponseAsync);

        Assert.All([ask, upload, bundle], e => Assert.Equal(expected, e.StatusCode));
    }

    [Fact]
    public async Task CreateCodeBundle_NamingAFileNotUploaded_NamesThatEntry()
    {
        var present = RandomNumberGenerator.GetBytes(64);
        await UploadAsync(present, Sha(present), present.Length);
        var request = new CreateCodeBundleRequest
        {
            Files =
            {
                new CodeBundleEntry { Path = "run.py", Sha256 = Sha(present) },
                new CodeBundleEntry { Path = "lib/absent.py", Sha256 = Sha(RandomNumberGenerator.GetBytes(64)) },
            },
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => Jobs.CreateCodeBundleAsync(request, TenantPlatform.User(PlatformHost.AliceToken)).ResponseAsync);

        AssertInvalid(e, "files[1].sha256");
    }

    [Fact]
    public async Task CreateCodeBundle_WithAnEscapingPath_IsInvalidArgument()
    {
        var request = new CreateCodeBundleRequest { Files = { new CodeBundleEntry { Path = "../outside.py", Sha256 = new string('b', 64) } } };
        var e = await Assert.ThrowsAsync<RpcException>(() => Jobs.CreateCodeBundleAsync(request, TenantPlatform.User(PlatformHost.AliceToken)).ResponseAsync);
        AssertInvalid(e, "files[0].path");
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void AssertInvalid(RpcException e, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal([field], e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
    }

    private async Task<IReadOnlyList<string>> MissingAsync(string collab, params string[] hashes)
    {
        var request = new FindMissingBlobsRequest { Collab = collab };
        request.Sha256.AddRange(hashes);
        return (await Jobs.FindMissingBlobsAsync(request, TenantPlatform.User(PlatformHost.AliceToken))).Missing;
    }

    private async Task<UploadBlobResponse> UploadAsync(byte[] data, string sha256, long size, string collab = "")
    {
        using var call = Jobs.UploadBlob(TenantPlatform.User(PlatformHost.AliceToken));
        await call.RequestStream.WriteAsync(new UploadBlobChunk { Header = new UploadBlobHeader { Collab = collab, Sha256 = sha256, Size = size } });
        for (var offset = 0; offset < data.Length; offset += 30_000)
        {
            await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFrom(data, offset, Math.Min(30_000, data.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
