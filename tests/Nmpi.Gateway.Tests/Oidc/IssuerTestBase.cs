using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>A real issuer on 127.0.0.1 per test, fake time for the key cache, and helpers to make validators and tokens.</summary>
public abstract class IssuerTestBase : IAsyncLifetime
{
    protected const string Audience = "nmpi";

    internal TestIssuer Issuer { get; private set; } = null!;

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    internal RecordingLogger<ExternalTokenValidator> Log { get; } = new();

    public async Task InitializeAsync() => Issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await Issuer.DisposeAsync();

    protected ExternalTokenValidator Validator(Action<OidcOptions>? configure = null)
    {
        // The longest fetch timeout allowed: on a saturated CI machine the local issuer may take seconds to answer, and
        // an unreachable issuer is refused at once anyway (connection refused), so no test waits for it.
        var options = new OidcOptions { Authority = Issuer.Authority, Audience = Audience, RequireHttpsMetadata = false, MetadataTimeout = TimeSpan.FromMinutes(1) };
        configure?.Invoke(options);
        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
        return new ExternalTokenValidator(Options.Create(options), Time, Log);
    }

    protected JsonObject Payload(string username = "alice", TimeSpan? issuedAgo = null, TimeSpan? lifetime = null)
    {
        var issued = DateTimeOffset.UtcNow - (issuedAgo ?? TimeSpan.Zero);
        return new JsonObject
        {
            ["iss"] = Issuer.Authority,
            ["aud"] = Audience,
            ["sub"] = Guid.NewGuid().ToString(),
            ["typ"] = "Bearer",
            ["preferred_username"] = username,
            ["email"] = $"{username}@example.org",
            ["name"] = $"{char.ToUpperInvariant(username[0])}{username[1..]} Example",
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["exp"] = (issued + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        };
    }

    protected static async Task<RpcException> Refused(ExternalTokenValidator validator, string token, string reason = "UNAUTHENTICATED")
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(reason, e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        return e;
    }
}
