using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.CodeBundles;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Security review M-4: one user cannot fill the shared artifact disk with code uploads (quota per owner area, upload rate).</summary>
[Collection(PostgresCollection.Name)]
public sealed class CodeStorageQuotaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task UploadLoop_OfOneUser_StopsAtTheQuotaWithResourceExhausted_StoresNothingMore_AndOthersStillUpload()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:CodeStorage:UserAreaBytes"] = "10000",
            ["Nmpi:CodeStorage:CollabAreaBytes"] = "20000",
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var admin = host.Jobs(PlatformHost.AdminToken);

        // An upload that fails (a lying digest) gives its reservation back.
        var lying = RandomNumberGenerator.GetBytes(3000);
        await Assert.ThrowsAsync<RpcException>(() => CodeUploads.UploadAsync(alice, lying, sha256: new string('0', 64)));

        // The attack: new random files in a loop until the gateway says no.
        var stored = new List<byte[]>();
        RpcException? refused = null;
        byte[] last = [];
        for (var i = 0; i < 10 && refused is null; i++)
        {
            last = RandomNumberGenerator.GetBytes(3000);
            try
            {
                await CodeUploads.UploadAsync(alice, last);
                stored.Add(last);
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        var again = await Assert.ThrowsAsync<RpcException>(() => CodeUploads.UploadAsync(alice, RandomNumberGenerator.GetBytes(3000)));
        var others = await CodeUploads.UploadAsync(admin, RandomNumberGenerator.GetBytes(3000));
        var collab = await CodeUploads.UploadAsync(alice, RandomNumberGenerator.GetBytes(3000), collab: "neuro");

        Assert.Equal(3, stored.Count);
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("CODE_STORAGE_FULL", refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(
            "header.size: the code store of user 'alice' holds 9000 of at most 10000 bytes, so this file of 3000 bytes does not fit; nothing was stored. Files no code bundle names are removed after a grace period.",
            refused.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, again.StatusCode);
        Assert.Equal([CodeUploads.Sha(last)], await CodeUploads.MissingAsync(alice, "", CodeUploads.Sha(last)));
        Assert.Equal(9000, await CodeUploads.StoredBytesAsync(host, "user:alice"));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(host.ArtifactDirectory, new CodeOwner(null, "alice").Area, "sha256"), "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(host.ArtifactDirectory, new CodeOwner(null, "alice").Area, "tmp")));
        Assert.Equal(3000, others.Size);
        Assert.Equal(3000, collab.Size);
    }

    [Fact]
    public async Task Uploads_BeyondTheUploadRate_AreRefusedWithARetryHint_AndOtherUsersGoOn()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Gateway:WriteRateLimit:UploadBurstMiB"] = "1",
            ["Nmpi:Gateway:WriteRateLimit:UploadMiBPerSecond"] = "0.001", // About 1 KiB a second: no refill to speak of during the test.
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var admin = host.Jobs(PlatformHost.AdminToken);

        var first = await CodeUploads.UploadAsync(alice, RandomNumberGenerator.GetBytes(700_000));
        var second = RandomNumberGenerator.GetBytes(700_000);
        var refused = await Assert.ThrowsAsync<RpcException>(() => CodeUploads.UploadAsync(alice, second));
        var others = await CodeUploads.UploadAsync(admin, RandomNumberGenerator.GetBytes(700_000));

        Assert.Equal(700_000, first.Size);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("RATE_LIMITED", status.GetDetail<ErrorInfo>().Reason);
        Assert.InRange(status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(700));
        Assert.StartsWith("header.size: too much code uploaded in a short time (limit 0.001 MiB per second per user); nothing was stored; retry in", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([CodeUploads.Sha(second)], await CodeUploads.MissingAsync(alice, "", CodeUploads.Sha(second)));
        Assert.Equal(700_000, others.Size);
    }
}
