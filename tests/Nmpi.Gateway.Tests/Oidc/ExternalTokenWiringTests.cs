using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>
/// The gateway as registered by AddNmpiGateway takes tokens of the configured issuer: a bad one is refused from the token
/// alone (the grain factory here fails every call, so no cluster lookup happened), and a good one goes on to the cluster,
/// which maps its subject into the issuer's namespace (the mapped user and roles are tested against a real cluster in
/// Nmpi.Web.Tests: ExternalIdentityTests).
/// </summary>
public sealed class ExternalTokenWiringTests : IssuerTestBase
{
    [Fact]
    public async Task Gateway_WithAnIssuerConfigured_RefusesBadTokensWithoutTheCluster_AndMapsGoodOnesThroughIt()
    {
        await using var services = Gateway(new Dictionary<string, string?>
        {
            ["Nmpi:Auth:Oidc:Authority"] = Issuer.Authority,
            ["Nmpi:Auth:Oidc:Audience"] = Audience,
            ["Nmpi:Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Nmpi:Auth:Oidc:MetadataTimeout"] = "00:01:00",
        });
        var auth = services.GetRequiredService<CallerAuthenticator>();
        var payload = Payload("dana");
        payload["roles"] = new JsonObject { ["team"] = new JsonArray("collab-neuro-editor", "collab-shared-viewer") };
        var expired = Payload("dana", issuedAgo: TimeSpan.FromHours(2), lifetime: TimeSpan.FromMinutes(5));

        var refused = await Assert.ThrowsAsync<RpcException>(() => auth.AuthenticateUserAsync(Bearer(Issuer.Mint(expired))));
        var mapped = await Assert.ThrowsAnyAsync<Exception>(() => auth.AuthenticateUserAsync(Bearer(Issuer.Mint(payload))));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        // The token passed its checks: what stopped it is the failing grain factory asked for the issuer's namespace.
        Assert.True(mapped is InvalidOperationException or TimeoutException, mapped.ToString());
    }

    [Fact]
    public async Task Gateway_WithoutAnIssuer_SendsJwtsToItsOwnSessionCheck()
    {
        await using var services = Gateway([]);
        var auth = services.GetRequiredService<CallerAuthenticator>();

        // Not our issuer's key and no external issuer: the token goes to the session-token check, which needs the
        // cluster's signing keys; the failing grain factory shows the external path was not taken.
        var e = await Assert.ThrowsAnyAsync<Exception>(() => auth.AuthenticateUserAsync(Bearer(Issuer.Mint(Payload("dana")))));

        // What the failing grain factory throws (other test classes may swap it for a timeout meanwhile).
        Assert.True(e is InvalidOperationException or TimeoutException, e.ToString());
    }

    private static ServiceProvider Gateway(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(FailingGrainFactory.Create());
        services.AddNmpiGateway(configuration);
        return services.BuildServiceProvider();
    }

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
