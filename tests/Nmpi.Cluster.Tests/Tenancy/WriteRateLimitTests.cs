using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>A user who writes too fast is told to wait, over the real gateway, without slowing reads or other users.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WriteRateLimitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Submits_BeyondTheBurst_AreRefusedWithARetryHint_ReadsAndOtherUsersGoOn()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Gateway:WriteRateLimit:Burst"] = "3",
            ["Nmpi:Gateway:WriteRateLimit:PerSecond"] = "0.01", // One more write every 100 s: no refill during the test, however slow the machine.
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var admin = host.Jobs(PlatformHost.AdminToken);

        var accepted = new List<Job>();
        for (var i = 0; i < 3; i++)
        {
            accepted.Add(await alice.SubmitJobAsync(JobRequests.Inline()));
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => alice.SubmitJobAsync(JobRequests.Inline()).ResponseAsync);
        var stillReads = await alice.GetJobAsync(new GetJobRequest { Id = accepted[0].Id });
        var otherUser = await admin.SubmitJobAsync(JobRequests.Inline());
        var listed = await alice.ListJobsAsync(new ListJobsRequest());

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("RATE_LIMITED", status.GetDetail<ErrorInfo>().Reason);
        var retry = status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(100));
        Assert.Contains("(limit 0.01 per second per user); retry in", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(accepted[0].Id, stillReads.Id);
        Assert.Equal("admin", otherUser.UserId);
        Assert.Equal(4, listed.TotalCount); // Alice's three and the admin's one in collab neuro; the refused submit stored nothing.
    }
}
