using Grpc.Core;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.Tests;

/// <summary>
/// The refusals the gateway makes before asking the cluster: every grain call of <see cref="FailingGrainFactory"/> throws,
/// so each case here passes only if no grain was asked. Known keys are resolved in Cluster.Tests.
/// </summary>
public sealed class AdapterAuthenticatorTests
{
    private readonly AdapterAuthenticator _auth = new(FailingGrainFactory.Create(), new ConfiguredProviderKeys(Options.Create(TestAuth.Options())));

    [Fact]
    public async Task AuthenticateAdapter_WithAUserToken_IsPermissionDenied()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateAsync(new Metadata { { "authorization", $"Bearer {TestAuth.BobToken}" } }));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("heidelberg-key-012345678")]
    public async Task AuthenticateAdapter_MissingOrUnknownKey_IsUnauthenticated(string? key)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("x-api-key", key);
        }

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateAsync(headers))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("nmpk_")]
    [InlineData("nmpk_0123456789abcdef_")]
    [InlineData("nmpk_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nmpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("nmpk_0123456789abcdef-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer heidelberg-key-0123456789")]
    public async Task MalformedKeys_AreUnauthenticated_WithoutAskingTheCluster(string key)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateAsync(new Metadata { { "x-api-key", key } }));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.DoesNotContain(key.Length > 0 ? key : "\0", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeKey_IsUnauthenticated_WithoutHashingItIntoTheCluster()
    {
        var huge = ProviderKeyFormat.Generate().Text + new string('A', 100_000);

        var e = await Assert.ThrowsAsync<RpcException>(() => _auth.AuthenticateAsync(new Metadata { { "x-api-key", huge } }));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("Unknown or revoked API key.", e.Status.Detail);
    }

    [Fact]
    public async Task AWellFormedKey_IsLookedUpInTheCluster()
    {
        // The failing cluster is reached (its failure, not a refusal, comes back): a generated key is never refused by its form alone.
        var e = await Record.ExceptionAsync(() => _auth.AuthenticateAsync(new Metadata { { "x-api-key", ProviderKeyFormat.Generate().Text } }));

        Assert.NotNull(e);
        Assert.IsNotType<RpcException>(e);
    }

    [Fact]
    public void IsProviderKey_KnowsConfiguredAndGeneratedKeys_Only()
    {
        var configured = new ConfiguredProviderKeys(Options.Create(TestAuth.Options()));

        Assert.True(configured.IsProviderKey(TestAuth.HeidelbergKey));
        Assert.True(configured.IsProviderKey(ProviderKeyFormat.Generate().Text));
        Assert.False(configured.IsProviderKey("heidelberg-key-012345678"));
        Assert.False(configured.IsProviderKey(TestAuth.AliceToken));
        Assert.False(configured.IsProviderKey(""));
    }

    [Fact]
    public void ConfiguredKeys_AreSeededHashed_UnderTheIdTheirTextGives()
    {
        var key = Assert.Single(new ConfiguredProviderKeys(Options.Create(TestAuth.Options())).All);

        Assert.Equal(ProviderKeyFormat.IdOf(TestAuth.HeidelbergKey), key.KeyId);
        Assert.Equal(ProviderKeyFormat.Hash(TestAuth.HeidelbergKey), key.Seed.KeyHash);
        Assert.Equal("heidelberg", key.Seed.Site);
        Assert.Equal(["BrainScaleS", "BrainScaleS-ESS"], key.Seed.Platforms);
        Assert.Equal(ConfiguredProviderKeys.CreatedBy, key.Seed.CreatedBy);
    }
}
