using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>Every report an adapter can make about a job, each compared with the same report about a job that does not exist.</summary>
public static class ReportKinds
{
    /// <summary>Asserts that every report by <paramref name="adapter"/> under <paramref name="lease"/> gets what it would for a job that does not exist.</summary>
    public static async Task AssertAllLikeAJobThatDoesNotExistAsync(TestAdapter adapter, LeaseRef lease)
    {
        var ghost = new LeaseRef { JobId = lease.JobId + 1_000_000, Epoch = lease.Epoch };
        foreach (var (kind, report) in All(adapter))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => report(lease));
            var unknown = await Assert.ThrowsAsync<RpcException>(() => report(ghost));
            Assert.True(refused.StatusCode == StatusCode.NotFound, $"{kind} answered {refused.StatusCode}: {refused.Status.Detail}");
            Assert.Equal(unknown.StatusCode, refused.StatusCode);
            Assert.Equal(unknown.Status.Detail.Replace($"{ghost.JobId}", $"{lease.JobId}", StringComparison.Ordinal), refused.Status.Detail);
        }

        // A heartbeat and a return answer in their replies, not with a status: again as for no job.
        var heartbeat = await adapter.HeartbeatAsync(lease, ghost);
        Assert.Empty(heartbeat.Renewed);
        Assert.Contains(lease, heartbeat.Stop);
        Assert.Contains(ghost, heartbeat.Stop);
        Assert.Empty(await adapter.ReturnAsync(lease, ghost));
    }

    private static Dictionary<string, Func<LeaseRef, Task>> All(TestAdapter adapter) => new()
    {
        ["MarkRunning"] = l => adapter.MarkRunningAsync(l),
        ["AppendLog"] = l => adapter.AppendLogAsync(l, 1, "forged\n"),
        ["UploadOutput"] = l => adapter.UploadAsync(l, "forged.txt", [1, 2, 3]),
        ["CompleteJob:finished"] = l => adapter.CompleteAsync(l),
        ["CompleteJob:error"] = l => adapter.CompleteAsync(l, Outcome.Error, FailureReason.PlatformError, "forged"),
        ["CompleteJob:cancelled"] = l => adapter.CompleteAsync(l, Outcome.Cancelled),
        ["DownloadCodeBundle"] = async l =>
        {
            using var call = adapter.Client.DownloadCodeBundle(new DownloadCodeBundleRequest { AdapterId = adapter.Id, Lease = l });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        },
    };
}
