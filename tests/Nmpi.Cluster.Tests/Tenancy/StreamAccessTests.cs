using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Accounts;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>
/// An open stream (FollowJobLog, WatchCollabJobs, WatchJob) keeps checking that its caller may still read it: a member
/// removed from the collab or a revoked token ends it with the status a new call gets, while a member who keeps access
/// keeps receiving. The platform re-checks every second here (<c>Nmpi:Gateway:StreamRecheck</c>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamAccessTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FollowJobLog_OfAMemberRemovedFromTheCollab_EndsWithNotFound_WhileAMemberWhoStaysKeepsReceiving()
    {
        await using var host = await StartAsync();
        var adapter = await TestAdapter.RegisterAsync(host, "stream-site", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        using var bobCall = host.Jobs(PlatformHost.BobToken).FollowJobLog(new FollowJobLogRequest { Id = job.Id });
        using var aliceCall = host.Jobs(PlatformHost.AliceToken).FollowJobLog(new FollowJobLogRequest { Id = job.Id });
        var bob = Received<string>.Of(bobCall.ResponseStream, c => c.Text);
        var alice = Received<string>.Of(aliceCall.ResponseStream, c => c.Text);
        long seq = 0;
        await adapter.AppendLogAsync(leased.Lease, seq++, "before\n");
        await bob.WaitForAsync("before\n", Within);
        await alice.WaitForAsync("before\n", Within);

        await host.Collabs(PlatformHost.AdminToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "bob" });
        // The log keeps growing while bob's stream is open; each line is one alice has received before the next is written.
        while (!bob.Ended)
        {
            var line = $"line {seq}\n";
            // A slow machine may take a while here: the heartbeat keeps the site's lease on the running job.
            await adapter.HeartbeatAsync(leased.Lease);
            await adapter.AppendLogAsync(leased.Lease, seq++, line);
            await alice.WaitForAsync(line, Within);
            Assert.True(seq < 10_000, "bob's stream never ended");
        }

        var ended = await bob.EndAsync(Within);
        var lastSeenByBob = bob.Items.Count;
        await adapter.AppendLogAsync(leased.Lease, seq++, "after the end\n");
        await alice.WaitForAsync("after the end\n", Within);
        var newCall = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.BobToken).GetJobAsync(new GetJobRequest { Id = job.Id }).ResponseAsync);

        AssertSameRefusal(newCall, ended, StatusCode.NotFound, "JOB_NOT_FOUND");
        Assert.Equal(lastSeenByBob, bob.Items.Count);
        Assert.DoesNotContain("after the end\n", bob.Items);
        // What bob got is the start of what alice got, in order: the stream stopped, it did not skip.
        Assert.Equal(bob.Items, alice.Items.Take(bob.Items.Count));
        Assert.Equal(JobStatus.Running, (await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id })).Status);
        Assert.False(alice.Ended, "alice's stream ended although she is still a member");

        // The control: across several more re-checks alice's stream still delivers every line.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(Recheck * 1.5);
            var line = $"still here {i}\n";
            await adapter.HeartbeatAsync(leased.Lease);
            await adapter.AppendLogAsync(leased.Lease, seq++, line);
            await alice.WaitForAsync(line, Within);
        }
    }

    [Fact]
    public async Task WatchCollabJobs_OfAMemberRemovedFromTheCollab_EndsWithNotFound_WhileAMemberWhoStaysKeepsReceiving()
    {
        await using var host = await StartAsync();
        using var bobCall = host.Jobs(PlatformHost.BobToken).WatchCollabJobs(new WatchCollabJobsRequest { Collab = "neuro" });
        using var aliceCall = host.Jobs(PlatformHost.AliceToken).WatchCollabJobs(new WatchCollabJobsRequest { Collab = "neuro" });
        var bob = Received<string>.Of(bobCall.ResponseStream, c => c.Version);
        var alice = Received<string>.Of(aliceCall.ResponseStream, c => c.Version);
        await bob.WaitForCountAsync(1, Within);
        await alice.WaitForCountAsync(1, Within);

        await host.Collabs(PlatformHost.AdminToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "bob" });
        var ended = await bob.EndAsync(Within);
        var seenByBob = bob.Items.Count;
        await Task.Delay(Recheck * 3);
        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        await alice.WaitForCountAsync(2, Within);
        var newCall = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.BobToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" }).ResponseAsync);

        AssertSameRefusal(newCall, ended, StatusCode.NotFound, "COLLAB_NOT_FOUND");
        Assert.Equal(seenByBob, bob.Items.Count);
        Assert.False(alice.Ended, "alice's stream ended although she is still a member");
    }

    [Fact]
    public async Task WatchJob_WithATokenRevokedWhileWatching_EndsWithUnauthenticated_WhileAnotherTokenOfTheUserKeepsReceiving()
    {
        await using var host = await StartAsync();
        const string Laptop = "token-alice-laptop-0123456789";
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(Laptop)).IssueAsync("alice", "laptop", DateTimeOffset.UtcNow.AddDays(1));
        var adapter = await TestAdapter.RegisterAsync(host, "watch-site", "SpiNNaker");
        var job = await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        using var laptopCall = host.Jobs(Laptop).WatchJob(new WatchJobRequest { Id = job.Id });
        using var aliceCall = host.Jobs(PlatformHost.AliceToken).WatchJob(new WatchJobRequest { Id = job.Id });
        var laptop = Received<JobStatus>.Of(laptopCall.ResponseStream, j => j.Status);
        var alice = Received<JobStatus>.Of(aliceCall.ResponseStream, j => j.Status);
        await laptop.WaitForCountAsync(1, Within);
        await alice.WaitForCountAsync(1, Within);

        Assert.True(await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(Laptop)).RevokeAsync());
        var ended = await laptop.EndAsync(Within);
        var seenByLaptop = laptop.Items.Count;
        var leased = await adapter.LeaseJobAsync(job.Id);
        await adapter.MarkRunningAsync(leased.Lease);
        await alice.WaitForAsync(JobStatus.Running, Within);
        var newCall = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(Laptop).GetJobAsync(new GetJobRequest { Id = job.Id }).ResponseAsync);

        AssertSameRefusal(newCall, ended, StatusCode.Unauthenticated, "UNAUTHENTICATED");
        Assert.Equal(seenByLaptop, laptop.Items.Count);
        Assert.DoesNotContain(JobStatus.Running, laptop.Items);
        Assert.False(alice.Ended, "the stream of alice's other token ended");
    }

    [Fact]
    public async Task WatchCollabJobs_WithASessionTokenThatExpiresWhileWatching_EndsWithTokenExpired()
    {
        // Long enough to open the stream on a slow machine, short enough to see it lapse.
        var settings = new Dictionary<string, string?>(TenantPlatform.Dora())
        {
            ["Nmpi:Accounts:TokenLifetime"] = "00:00:15",
            ["Nmpi:Accounts:PasswordIterations"] = "1000",
        };
        await using var host = await StartAsync(settings);
        var login = await host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword });
        using var call = host.Jobs(login.Token).WatchCollabJobs(new WatchCollabJobsRequest { Collab = "neuro" });
        var dora = Received<string>.Of(call.ResponseStream, c => c.Version);
        await dora.WaitForCountAsync(1, Within);

        var ended = await dora.EndAsync(Within + TimeSpan.FromSeconds(15));
        var newCall = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(login.Token).ListJobsAsync(new ListJobsRequest { Collab = "neuro" }).ResponseAsync);

        AssertSameRefusal(newCall, ended, StatusCode.Unauthenticated, "TOKEN_EXPIRED");
    }

    private Task<PlatformHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Nmpi:Gateway:StreamRecheck"] = "00:00:01" };
        return PlatformHost.StartAsync(postgres, overrides);
    }

    /// <summary>The stream ended with exactly the status, text and reason a new call of the same caller gets.</summary>
    private static void AssertSameRefusal(RpcException newCall, RpcException ended, StatusCode code, string reason)
    {
        Assert.Equal(code, ended.StatusCode);
        Assert.Equal(newCall.StatusCode, ended.StatusCode);
        Assert.Equal(newCall.Status.Detail, ended.Status.Detail);
        Assert.Equal(reason, ended.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(reason, newCall.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    /// <summary>Reads a server stream in the background, keeping what arrived and how it ended.</summary>
    private sealed class Received<T>
    {
        private readonly List<T> _items = [];
        private readonly Task<RpcException?> _end;

        private Received(Func<Received<T>, Task<RpcException?>> read) => _end = read(this);

        public IReadOnlyList<T> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public bool Ended => _end.IsCompleted;

        public static Received<T> Of<TMessage>(IAsyncStreamReader<TMessage> stream, Func<TMessage, T> select) => new(async received =>
        {
            try
            {
                while (await stream.MoveNext(CancellationToken.None))
                {
                    lock (received._items)
                    {
                        received._items.Add(select(stream.Current));
                    }
                }

                return null;
            }
            catch (RpcException e)
            {
                return e;
            }
        });

        public Task WaitForAsync(T item, TimeSpan within) => WaitAsync(items => items.Contains(item), within, $"'{item}' on the stream");

        public Task WaitForCountAsync(int count, TimeSpan within) => WaitAsync(items => items.Count >= count, within, $"{count} messages on the stream");

        /// <summary>Waits until what arrived meets the condition; a stream that ended without it fails at once.</summary>
        private Task WaitAsync(Func<IReadOnlyList<T>, bool> arrived, TimeSpan within, string what) => Eventually.HoldsAsync(
            () =>
            {
                var ended = Ended;
                return arrived(Items) || (ended ? throw new InvalidOperationException($"The stream ended before {what}.") : false);
            },
            within,
            what);

        /// <summary>Waits for the stream to end and returns the error it ended with (an end without one fails).</summary>
        public async Task<RpcException> EndAsync(TimeSpan within)
        {
            await Eventually.HoldsAsync(() => Ended, within, "the end of the stream");
            return await _end ?? throw new InvalidOperationException("The stream ended without an error.");
        }
    }
}
