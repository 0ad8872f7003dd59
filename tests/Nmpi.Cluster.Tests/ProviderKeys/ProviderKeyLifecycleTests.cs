using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>Provider keys made, used, revoked and rotated through the real gateway, grains and PostgreSQL, with no restart.</summary>
[Collection("postgres")]
public sealed class ProviderKeyLifecycleTests(PostgresFixture postgres)
{
    private const string Refusal = "Unknown or revoked API key.";

    [Fact]
    public async Task ACreatedKey_RegistersAndLeases_AndOnceRevoked_ItsNextCallIsUnauthenticated()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var created = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");
        Assert.Matches("^nmpk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", created.Key);
        Assert.Equal(created.ProviderKey.KeyId, created.Key.Substring(5, 16));
        Assert.Equal("admin", created.ProviderKey.CreatedBy);
        Assert.True(created.ProviderKey.Live);

        var adapter = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: created.Key);
        var job = await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        var leased = await adapter.LeaseJobAsync(job.Id);
        Assert.Equal("lyon/spin-1", adapter.Id);

        var revoked = await KeyAdmin.Client(host).RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = created.ProviderKey.KeyId });
        var refused = await Assert.ThrowsAsync<RpcException>(() => adapter.HeartbeatAsync(leased.Lease));

        Assert.False(revoked.Live);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(Refusal, refused.Status.Detail);
        var listed = Assert.Single((await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { Site = "lyon", IncludeRevoked = true })).ProviderKeys);
        Assert.NotNull(listed.LastUsedAt);
        Assert.False(listed.Live);
        Assert.Empty((await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { Site = "lyon" })).ProviderKeys);
        var again = await KeyAdmin.Client(host).RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = created.ProviderKey.KeyId });
        Assert.Equal(revoked.RevokedAt, again.RevokedAt);
    }

    [Fact]
    public async Task RotateAtOnce_TheNewKeyWorks_TheOldStops_AndTheOldCannotBeRotatedAgain()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var created = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker", "Spikey");
        var old = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: created.Key);

        var rotated = await KeyAdmin.Client(host).RotateProviderKeyAsync(new RotateProviderKeyRequest { KeyId = created.ProviderKey.KeyId });

        Assert.NotEqual(created.Key, rotated.Key);
        Assert.Equal(["SpiNNaker", "Spikey"], rotated.ProviderKey.Platforms);
        Assert.Equal("lyon", rotated.ProviderKey.Site);
        Assert.Equal(rotated.ProviderKey.KeyId, rotated.Replaced.ReplacedBy);
        Assert.False(rotated.Replaced.Live);
        var renewed = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: rotated.Key);
        Assert.Equal("lyon/spin-1", renewed.Id);
        Assert.Empty(await renewed.LeaseAsync(1, TimeSpan.FromMilliseconds(100)));
        var refused = await Assert.ThrowsAsync<RpcException>(() => old.LeaseAsync(1, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        var twice = await Assert.ThrowsAsync<RpcException>(() => KeyAdmin.Client(host).RotateProviderKeyAsync(
            new RotateProviderKeyRequest { KeyId = created.ProviderKey.KeyId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal("PROVIDER_KEY_ROTATED", twice.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(2, (await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { Site = "lyon", IncludeRevoked = true })).ProviderKeys.Count);
    }

    [Fact]
    public async Task RotateWithGrace_TheOldKeyWorksUntilTheGraceEnds_ThenIsRefused()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var created = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");

        var rotated = await KeyAdmin.Client(host).RotateProviderKeyAsync(new RotateProviderKeyRequest
        {
            KeyId = created.ProviderKey.KeyId,
            Grace = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)),
        });

        Assert.True(rotated.Replaced.Live);
        Assert.InRange(rotated.Replaced.RevokedAt.ToDateTimeOffset(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(4));
        var old = await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: created.Key);
        await TestAdapter.RegisterAsync(host, "spin-2", "SpiNNaker", key: rotated.Key);
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await old.LeaseAsync(1, TimeSpan.FromMilliseconds(50));
                    return false;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
                {
                    return true;
                }
            },
            TimeSpan.FromSeconds(20),
            "the old key to end with its grace period");
        await TestAdapter.RegisterAsync(host, "spin-3", "SpiNNaker", key: rotated.Key);
    }

    [Fact]
    public async Task AKeyScopedToSpiNNaker_CannotRegisterOrLeaseForBrainScaleS()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var spinnaker = await KeyAdmin.CreateAsync(host, "mcr2", "SpiNNaker");
        var brainscales = await KeyAdmin.CreateAsync(host, "mcr2", "BrainScaleS");
        var wafer = await TestAdapter.RegisterAsync(host, "wafer-1", "BrainScaleS", key: brainscales.Key);

        var register = await Assert.ThrowsAsync<RpcException>(() => TestAdapter.RegisterAsync(host, "wafer-2", "BrainScaleS", key: spinnaker.Key));
        var lease = await Assert.ThrowsAsync<RpcException>(() => new TestAdapter(host.Adapters(spinnaker.Key), wafer.Id).LeaseAsync(1, TimeSpan.FromMilliseconds(100)));

        // Asking for a platform outside its scope is the key's own error; another key's adapter is as if it did not exist.
        Assert.Equal(StatusCode.PermissionDenied, register.StatusCode);
        Assert.Equal(StatusCode.NotFound, lease.StatusCode);
        Assert.Empty(await wafer.LeaseAsync(1, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task OnlyPlatformAdministrators_ManageKeys()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var existing = await KeyAdmin.CreateAsync(host, "lyon", "SpiNNaker");
        var alice = KeyAdmin.Client(host, PlatformHost.AliceToken);
        var create = new CreateProviderKeyRequest { Site = "evil", Platforms = { "SpiNNaker" } };

        var denied = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => alice.CreateProviderKeyAsync(create).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => alice.ListProviderKeysAsync(new ListProviderKeysRequest()).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => alice.RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = existing.ProviderKey.KeyId }).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => alice.RotateProviderKeyAsync(new RotateProviderKeyRequest { KeyId = existing.ProviderKey.KeyId }).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => KeyAdmin.WithHeaders(host, new Metadata { { "x-api-key", existing.Key } }).CreateProviderKeyAsync(create).ResponseAsync),
        };
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => KeyAdmin.WithHeaders(host, []).CreateProviderKeyAsync(create).ResponseAsync);

        Assert.All(denied, e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var keys = (await KeyAdmin.Client(host).ListProviderKeysAsync(new ListProviderKeysRequest { IncludeRevoked = true })).ProviderKeys;
        Assert.DoesNotContain(keys, k => k.Site == "evil");
        Assert.True(Assert.Single(keys, k => k.KeyId == existing.ProviderKey.KeyId).Live);
        await TestAdapter.RegisterAsync(host, "spin-1", "SpiNNaker", key: existing.Key);
    }

    [Fact]
    public async Task BadRequests_AreInvalidArgument_AndUnknownIdsNotFound()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var admin = KeyAdmin.Client(host);

        var badCreate = await Assert.ThrowsAsync<RpcException>(() => admin.CreateProviderKeyAsync(
            new CreateProviderKeyRequest { Site = "a b", Platforms = { "Loihi" } }).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() => admin.RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = "../x" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = "0123456789abcdef" }).ResponseAsync);
        var unknownRotate = await Assert.ThrowsAsync<RpcException>(() => admin.RotateProviderKeyAsync(new RotateProviderKeyRequest { KeyId = "0123456789abcdef" }).ResponseAsync);
        var longGrace = await Assert.ThrowsAsync<RpcException>(() => admin.RotateProviderKeyAsync(
            new RotateProviderKeyRequest { KeyId = "0123456789abcdef", Grace = Duration.FromTimeSpan(TimeSpan.FromDays(8)) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, badCreate.StatusCode);
        Assert.Equal(["site", "platforms[0]"], badCreate.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("PROVIDER_KEY_NOT_FOUND", unknown.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(StatusCode.NotFound, unknownRotate.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, longGrace.StatusCode);
        Assert.DoesNotContain((await admin.ListProviderKeysAsync(new ListProviderKeysRequest { IncludeRevoked = true })).ProviderKeys, k => k.Site == "a b");
    }
}
