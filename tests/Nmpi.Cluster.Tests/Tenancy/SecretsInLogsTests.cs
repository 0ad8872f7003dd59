using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>No bearer token or API key, good or bad, ever reaches a log, even with every log category at its most verbose.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SecretsInLogsTests(PostgresFixture postgres)
{
    private const string WrongToken = "wrong-token-5f1c0e7a9b2d4c6e8a0b";
    private const string WrongKey = "wrong-key-0c9d8e7f6a5b4c3d2e1f";
    private const string Password = "alice-password-7e3b9d1f";
    private const string WrongPassword = "wrong-password-4a6c8e0b";

    [Fact]
    public async Task Calls_WithGoodAndBadCredentials_LeaveNoSecretInAnyProcessLog()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Orleans"] = "Debug",
            ["Nmpi:Auth:Users:0:Password"] = Password,
        }, silos: 1);
        var sessionToken = "";

        await cluster.RunAsync(async () =>
        {
            var accounts = new Nmpi.Api.V1.Accounts.AccountsClient(cluster.Channel);
            await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "alice", Password = WrongPassword }).ResponseAsync);
            sessionToken = (await accounts.LoginAsync(new LoginRequest { Username = "alice", Password = Password })).Token;
            await cluster.Jobs(sessionToken).ListJobsAsync(new ListJobsRequest());
            var alice = cluster.Jobs(PlatformHost.AliceToken);
            var job = await alice.SubmitJobAsync(JobRequests.Inline());
            await alice.GetJobAsync(new GetJobRequest { Id = job.Id });
            var adapter = await TestAdapter.RegisterAsync(cluster.Adapters(), "spinn-1", "SpiNNaker");
            var leased = await adapter.LeaseJobAsync(job.Id);
            await adapter.MarkRunningAsync(leased.Lease);
            await Assert.ThrowsAsync<RpcException>(() => cluster.Jobs(WrongToken).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => cluster.Adapters(WrongKey).RegisterAdapterAsync(new RegisterAdapterRequest
            {
                Name = "x",
                HardwarePlatform = "SpiNNaker",
                Capacity = 1,
            }).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => cluster.Jobs(PlatformHost.SiteKey).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => cluster.Adapters(PlatformHost.AliceToken).RegisterAdapterAsync(new RegisterAdapterRequest
            {
                Name = "x",
                HardwarePlatform = "SpiNNaker",
                Capacity = 1,
            }).ResponseAsync);
            await cluster.StopAllAsync();
        });

        var logs = cluster.Silos.Append(cluster.Gateway)
            .SelectMany(p => new[] { p.StdoutPath, p.StderrPath })
            .Where(File.Exists)
            .ToDictionary(path => path, File.ReadAllText);
        Assert.True(logs.Values.Sum(text => text.Length) > 10_000, "the processes logged verbosely"); // Else the test proves nothing.
        Assert.NotEmpty(sessionToken);
        foreach (var secret in new[] { PlatformHost.AliceToken, PlatformHost.SiteKey, WrongToken, WrongKey, Password, WrongPassword, sessionToken })
        {
            Assert.All(logs, log => Assert.DoesNotContain(secret, log.Value, StringComparison.Ordinal));
        }
    }
}
