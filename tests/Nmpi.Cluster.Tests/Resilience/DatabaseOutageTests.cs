using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>While the database refuses the platform, calls that need it answer UNAVAILABLE (retry), never INTERNAL; then it recovers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Submit_WhileTheDatabaseRefusesConnections_IsUnavailable_AndWorksAgainAfterwards()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var before = await alice.SubmitJobAsync(JobRequests.Inline(requestId: "outage-before"));
        var database = new NpgsqlConnectionStringBuilder(host.ConnectionString).Database!;

        await SetConnectionsAsync(database, allowed: false);
        try
        {
            // Pooled connections were cut; new ones are refused until connections are allowed again.
            var refused = await Assert.ThrowsAsync<RpcException>(() => alice.SubmitJobAsync(JobRequests.Inline(requestId: "outage-during")).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.DoesNotContain(database, refused.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await SetConnectionsAsync(database, allowed: true);
        }

        Job? after = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    after = await alice.SubmitJobAsync(JobRequests.Inline(requestId: "outage-during"));
                    return true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "a submit to succeed once the database is back");
        Assert.True(after!.Id > before.Id);
        Assert.Equal(JobStatus.Submitted, (await alice.GetJobAsync(new GetJobRequest { Id = after.Id })).Status);
    }

    private async Task SetConnectionsAsync(string database, bool allowed)
    {
        await using var admin = new NpgsqlConnection(postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue(database);
            await terminate.ExecuteScalarAsync();
        }
    }
}
