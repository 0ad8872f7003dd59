using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.GrainInterfaces.ProviderKeys;
using Nmpi.Grains.ProviderKeys;
using Npgsql;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>Configured keys seeded from many places at once (several gateways or silos starting together) store one row.</summary>
[Collection("postgres")]
public sealed class ProviderKeySeedingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ConcurrentSeedsOfOneKey_BypassingTheGrain_StoreOneRow_AndNeverFail()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        var store = new ProviderKeyStore(db);
        const string text = "concurrent-key-0123456789";
        var id = ProviderKeyFormat.IdOf(text);
        var seed = new NewProviderKey(ProviderKeyFormat.Hash(text), "par", ["Spikey"], "from configuration", "config");

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => store.SeedAsync(id, seed, DateTimeOffset.UtcNow)));
        await store.SeedAsync(id, seed with { Platforms = ["Spikey", "SpiNNaker"] }, DateTimeOffset.UtcNow);

        var stored = await store.LoadAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(["Spikey", "SpiNNaker"], stored.Key.Platforms);
        Assert.Equal(seed.KeyHash, stored.Hash);
        await using var count = db.CreateCommand("SELECT count(*) FROM nmpi_provider_keys WHERE site = 'par'");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AConfiguredKeyNotYetSeeded_AuthenticatesManyCallsAtOnce()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        const string text = "fresh-gateway-key-0123456789";
        var options = Options.Create(new AuthOptions { AdapterKeys = [new() { Key = text, Site = "fresh", Platforms = ["Spikey"] }] });
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        // Two gateways' authenticators with the same configuration, 16 first calls each.
        var principals = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            new AdapterAuthenticator(grains, new ConfiguredProviderKeys(options)).AuthenticateAsync(new Metadata { { "x-api-key", text } })));

        Assert.All(principals, p => Assert.Equal("fresh", p.Site));
        var listed = await KeyAdmin.Client(host).ListProviderKeysAsync(new Api.V1.ListProviderKeysRequest { Site = "fresh" });
        Assert.Equal("config", Assert.Single(listed.ProviderKeys).CreatedBy);
    }
}
