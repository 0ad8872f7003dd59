using Nmpi.Api.V1;
using Nmpi.Client;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>The client library signs in with a password, renews its token and lists the caller's collabs, on a running platform.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientAccountsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task LoginAsync_ThenRenew_KeepsWorking_AndListsTheCollabsWithRoles()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());

        using var client = await NmpiClient.LoginAsync(new Uri(host.GrpcUrl), "dora", TenantPlatform.DoraPassword);
        var first = client.Token;
        var me = await client.WhoAmIAsync();
        var expires = await client.RenewTokenAsync();
        var collabs = await client.ListCollabsAsync();
        var job = await client.SubmitAsync(new JobSubmission { Collab = "neuro", Platform = "SpiNNaker", Source = JobSource.Inline("print('hi')\n") });
        var refused = await Assert.ThrowsAsync<NmpiException>(() => NmpiClient.LoginAsync(new Uri(host.GrpcUrl), "dora", "not-the-password"));

        Assert.Equal("dora", client.Username);
        Assert.Equal("dora", me.User.UserId);
        Assert.NotEqual(first, client.Token);
        Assert.True(expires > DateTimeOffset.UtcNow.AddHours(11));
        Assert.Equal([("neuro", Api.V1.CollabRole.Editor), ("private-dora", Api.V1.CollabRole.Administrator)], collabs.Select(c => (c.CollabId, c.Role)));
        Assert.True(job.Id > 0);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
    }
}
