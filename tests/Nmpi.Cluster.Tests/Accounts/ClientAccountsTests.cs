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

    [Fact]
    public async Task LoginAsync_WithACache_KeepsTheToken_FromTokenCacheSignsInWithIt()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var folder = Directory.CreateTempSubdirectory("nmpi-token-cache-").FullName;
        try
        {
            var cache = new TokenCache(Path.Combine(folder, "nmpi"));
            var missing = Assert.Throws<NmpiException>(() => NmpiClient.FromTokenCache(cache: cache));
            Assert.Contains("No server signed in to yet", missing.Message, StringComparison.Ordinal);

            using (var signedIn = await NmpiClient.LoginAsync(new Uri(host.GrpcUrl), "dora", TenantPlatform.DoraPassword, cache))
            {
                Assert.Equal(signedIn.Token, cache.Read().Tokens[host.GrpcUrl]);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.FilePath));
            }

            // No address: the server signed in to last.
            using var cached = NmpiClient.FromTokenCache(cache: cache, username: "dora");
            Assert.Equal("dora", (await cached.WhoAmIAsync()).User.UserId);

            var elsewhere = Assert.Throws<NmpiException>(() => NmpiClient.FromTokenCache(new Uri("http://127.0.0.1:1"), cache));
            Assert.Contains("No token cached for http://127.0.0.1:1", elsewhere.Message, StringComparison.Ordinal);

            await File.WriteAllTextAsync(cache.FilePath, "tokens: [unclosed\n");
            var damaged = Assert.Throws<NmpiException>(() => NmpiClient.FromTokenCache(cache: cache));
            Assert.Contains("the token cache is damaged", damaged.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
