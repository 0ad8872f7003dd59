using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.GrainInterfaces.ProviderKeys;
using Npgsql;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>What is stored of a key (its hash, never its text), configured keys as seeds, and garbage keys refused cleanly.</summary>
[Collection("postgres")]
public sealed class ProviderKeyStorageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TheKeyText_IsReturnedOnlyByCreateAndRotate_AndTheTableHoldsOnlyItsHash()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var created = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");
        var rotated = await KeyAdmin.Client(host).RotateProviderKeyAsync(new RotateProviderKeyRequest { KeyId = created.ProviderKey.KeyId });
        var listed = await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { IncludeRevoked = true });

        var secrets = new[] { created.Key, rotated.Key }.Select(k => k[22..]).ToList();
        Assert.All(secrets, s => Assert.DoesNotContain(s, listed.ToString(), StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain(s, rotated.ProviderKey.ToString() + rotated.Replaced, StringComparison.Ordinal));

        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        await using var rows = db.CreateCommand("SELECT t::text, key_id, key_hash FROM nmpi_provider_keys t");
        await using var reader = await rows.ExecuteReaderAsync();
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var row = reader.GetString(0);
            Assert.All(secrets, s => Assert.DoesNotContain(s, row, StringComparison.Ordinal));
            Assert.All(secrets, s => Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s))[..32], row, StringComparison.Ordinal));
            hashes[reader.GetString(1)] = reader.GetFieldValue<byte[]>(2);
        }

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key)), hashes[created.ProviderKey.KeyId]);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(rotated.Key)), hashes[rotated.ProviderKey.KeyId]);
    }

    [Fact]
    public async Task ConfiguredKeys_AreSeededHashedAndListed_AndARevokedOneStaysRevokedAfterARestart()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var admin = KeyAdmin.Client(host);
        var siteKeyId = ProviderKeyFormat.IdOf(PlatformHost.SiteKey);
        Api.V1.ProviderKey? seeded = null;
        await Eventually.HoldsAsync(
            async () => (seeded = (await admin.ListProviderKeysAsync(new ListProviderKeysRequest { Site = "hd" })).ProviderKeys.SingleOrDefault()) is not null,
            TimeSpan.FromSeconds(20),
            "the configured key of site hd to be seeded");
        Assert.Equal(siteKeyId, seeded!.KeyId);
        Assert.Equal("config", seeded.CreatedBy);
        Assert.Equal(["BrainScaleS", "BrainScaleS-ESS", "SpiNNaker", "Spikey"], seeded.Platforms);
        await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker");

        await admin.RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = siteKeyId });
        var refused = await Assert.ThrowsAsync<RpcException>(() => TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker"));
        await host.StopSiloAsync();
        await host.StartSiloAsync();
        var stillRefused = await Assert.ThrowsAsync<RpcException>(() => TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, stillRefused.StatusCode);
        await TestAdapter.RegisterAsync(host, "spin-9", "SpiNNaker", key: PlatformHost.OtherSiteKey);
        var all = (await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { IncludeRevoked = true })).ProviderKeys;
        Assert.Equal(2, all.Count);
        Assert.False(Assert.Single(all, k => k.KeyId == siteKeyId).Live);
    }

    [Fact]
    public async Task GarbageKeys_AreUnauthenticated_NeverAnInternalError()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var real = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");
        var wrongSecret = real.Key[..22] + new string('A', 43);
        var garbage = new[]
        {
            "",
            new string('k', 4000),
            real.Key + "x",
            real.Key.ToUpperInvariant(),
            wrongSecret,
            ProviderKeyFormat.Generate().Text,
            "nmpk_" + real.ProviderKey.KeyId,
            "nmpk_" + real.ProviderKey.KeyId + "_",
            "cfg-0123456789abcdef0123",
            PlatformHost.SiteKey + " ",
            "Bearer " + PlatformHost.AdminToken,
            PlatformHost.AdminToken,
            "'; DROP TABLE nmpi_provider_keys; --",
        };

        foreach (var key in garbage)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: key));
            Assert.True(e.StatusCode == StatusCode.Unauthenticated, $"key #{Array.IndexOf(garbage, key)} got {e.StatusCode}: {e.Status.Detail}");
            if (key.Length > 0)
            {
                Assert.DoesNotContain(key, e.Status.Detail, StringComparison.Ordinal);
            }
        }

        await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: real.Key);
    }

    [Fact]
    public async Task ANonAsciiKey_IsUnauthenticated()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        // The client would refuse to send non-ASCII header bytes; this one sends the key's UTF-8 bytes as they are.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(host.GrpcUrl, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = handler });
        var client = new Api.V1.Adapters.AdaptersClient(channel);

        foreach (var key in new[] { "clé-ünïcødé-0123456789", "ключ-0123456789abcdef", "nmpk_0123456789abcdef_" + new string('é', 43) })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterAdapterAsync(
                new RegisterAdapterRequest { Name = "x", HardwarePlatform = "SpiNNaker", Capacity = 1 },
                new Metadata { { "x-api-key", key } }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }
    }
}
