using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>How often the validator asks the real issuer for its keys: once, on rotation, when old, and never per request; and what happens when it cannot.</summary>
public sealed class IssuerKeyFetchTests : IssuerTestBase
{
    [Fact]
    public async Task ManyValidations_FetchTheKeysOnce()
    {
        using var validator = Validator();
        var tokens = Enumerable.Range(0, 20).Select(i => Issuer.Mint(Payload(username: $"user{i}"))).ToList();

        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => validator.ValidateAsync(tokens[i % tokens.Count], CancellationToken.None)));
        Time.Advance(TimeSpan.FromHours(1));
        foreach (var token in tokens)
        {
            await validator.ValidateAsync(token, CancellationToken.None);
        }

        Assert.All(all, Assert.NotNull);
        Assert.Equal((1, 1), (Issuer.DiscoveryRequests, Issuer.KeyRequests));
    }

    [Fact]
    public async Task KeysOlderThanTheRefreshInterval_AreFetchedAgainOnce()
    {
        using var validator = Validator();
        var token = Issuer.Mint(Payload());
        await validator.ValidateAsync(token, CancellationToken.None);

        Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => validator.ValidateAsync(token, CancellationToken.None)));

        Assert.Equal((2, 2), (Issuer.DiscoveryRequests, Issuer.KeyRequests));
    }

    [Fact]
    public async Task RotatedKey_TheKeysAreFetchedAgainOnce_AndTheNewTokensPass()
    {
        using var validator = Validator();
        var old = Issuer.Mint(Payload());
        Assert.NotNull(await validator.ValidateAsync(old, CancellationToken.None));

        Issuer.Rotate(keepOld: true);
        Time.Advance(TimeSpan.FromSeconds(31));
        var fresh = Issuer.Mint(Payload(username: "bob"));
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => validator.ValidateAsync(fresh, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal("bob", r!.Username));
        Assert.NotNull(await validator.ValidateAsync(old, CancellationToken.None));
        Assert.Equal((2, 2), (Issuer.DiscoveryRequests, Issuer.KeyRequests));
    }

    [Fact]
    public async Task RotatedKeyRightAfterAFetch_IsAcceptedOnceTheRefreshSpacingHasPassed()
    {
        using var validator = Validator();
        Assert.NotNull(await validator.ValidateAsync(Issuer.Mint(Payload()), CancellationToken.None));

        Issuer.Rotate(keepOld: false);
        var fresh = Issuer.Mint(Payload());
        var early = await Refused(validator, fresh);
        Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains("key", early.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(await validator.ValidateAsync(fresh, CancellationToken.None));
        Assert.Equal(2, Issuer.KeyRequests);
    }

    [Fact]
    public async Task TokensNamingUnknownKeyIds_CauseAtMostOneFetchPerRefreshInterval()
    {
        using var validator = Validator();
        using var forger = RSA.Create(2048);
        await validator.ValidateAsync(Issuer.Mint(Payload()), CancellationToken.None);

        for (var round = 0; round < 3; round++)
        {
            Time.Advance(TimeSpan.FromSeconds(30));
            for (var i = 0; i < 20; i++)
            {
                await Refused(validator, TokenMint.Rs256(forger, $"unknown-{round}-{i}", Payload()));
            }
        }

        Assert.Equal((4, 4), (Issuer.DiscoveryRequests, Issuer.KeyRequests));
    }

    [Fact]
    public async Task IssuerUnreachableAtFirstUse_IsUnavailable_NotACrash()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var authority = $"http://127.0.0.1:{port}{TestIssuer.Realm}";
        using var validator = Validator(o => o.Authority = authority);
        var payload = Payload();
        payload["iss"] = authority;

        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(Issuer.Mint(payload), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("IDENTITY_PROVIDER_UNAVAILABLE", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task IssuerFailing_IsUnavailableWithoutRetryingPerRequest_ThenRecovers()
    {
        using var validator = Validator();
        var token = Issuer.Mint(Payload());
        Issuer.Failing = true;

        var first = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
        var asked = Issuer.DiscoveryRequests;
        for (var i = 0; i < 10; i++)
        {
            var again = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(token, CancellationToken.None));
            Assert.Equal(StatusCode.Unavailable, again.StatusCode);
        }

        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.Equal(asked, Issuer.DiscoveryRequests);

        Issuer.Failing = false;
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(await validator.ValidateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task DiscoveryNamingAnotherIssuer_IsUnavailable()
    {
        using var validator = Validator();
        Issuer.AnnouncedIssuer = "https://impostor.example.org/realms/test";

        var e = await Assert.ThrowsAsync<RpcException>(() => validator.ValidateAsync(Issuer.Mint(Payload()), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
    }
}
