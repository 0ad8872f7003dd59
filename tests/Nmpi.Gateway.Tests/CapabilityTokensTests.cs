using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Outputs;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Tests;

public sealed class CapabilityTokensTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static CapabilityClaim Claim(DateTimeOffset expires) => new(42, Sha, "results/spikes é.npz", "application/octet-stream", expires);

    [Fact]
    public void Verify_FreshToken_ReturnsTheSignedClaim()
    {
        var tokens = new CapabilityTokens(Key);
        var claim = Claim(Now.AddHours(1));

        var check = tokens.Verify(tokens.Sign(claim), Now, out var read);

        Assert.Equal(CapabilityCheck.Valid, check);
        Assert.Equal(claim, read);
    }

    [Fact]
    public void Verify_AfterExpiry_IsExpired()
    {
        var tokens = new CapabilityTokens(Key);
        var token = tokens.Sign(Claim(Now.AddHours(1)));

        Assert.Equal(CapabilityCheck.Expired, tokens.Verify(token, Now.AddHours(1), out _));
        Assert.Equal(CapabilityCheck.Valid, tokens.Verify(token, Now.AddHours(1).AddSeconds(-1), out _));
    }

    [Fact]
    public void Verify_AnyFlippedCharacter_IsInvalid()
    {
        var tokens = new CapabilityTokens(Key);
        var token = tokens.Sign(Claim(Now.AddHours(1)));
        for (var i = 0; i < token.Length; i++)
        {
            var flipped = token.ToCharArray();
            flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
            Assert.NotEqual(CapabilityCheck.Valid, tokens.Verify(new string(flipped), Now, out _));
        }
    }

    [Fact]
    public void Verify_TamperedExpiredToken_IsInvalidNotExpired()
    {
        var tokens = new CapabilityTokens(Key);
        var token = tokens.Sign(Claim(Now.AddHours(-1)));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(CapabilityCheck.Invalid, tokens.Verify(tampered, Now, out var claim));
        Assert.Null(claim);
    }

    [Fact]
    public void Verify_TokenOfAnotherKey_IsInvalid()
    {
        var other = new CapabilityTokens([.. Key.Select(b => (byte)(b ^ 0xFF))]);
        var token = other.Sign(Claim(Now.AddHours(1)));

        Assert.Equal(CapabilityCheck.Invalid, new CapabilityTokens(Key).Verify(token, Now, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Verify_Garbage_IsInvalid(string token)
    {
        Assert.Equal(CapabilityCheck.Invalid, new CapabilityTokens(Key).Verify(token, Now, out _));
    }

    [Fact]
    public void CapabilityUrls_CreateUrlUnderTheBaseThatExpiresAfterTheLifetime()
    {
        var time = new FakeTimeProvider(Now.AddMilliseconds(400));
        var options = Options.Create(new GatewayOptions
        {
            CapabilityBaseAddress = "http://127.0.0.1:5081/",
            CapabilityUrlLifetime = TimeSpan.FromMinutes(10),
        });
        var tokens = new CapabilityTokens(Key);
        var urls = new CapabilityUrls(tokens, options, time);

        var (url, expiresAt) = urls.Create(7, new OutputFile("out/a.txt", 3, "text/plain", Sha));

        Assert.StartsWith("http://127.0.0.1:5081/outputs/", url, StringComparison.Ordinal);
        Assert.Equal(Now.AddMinutes(10), expiresAt);
        var token = url["http://127.0.0.1:5081/outputs/".Length..];
        Assert.Equal(CapabilityCheck.Valid, tokens.Verify(token, time.GetUtcNow(), out var claim));
        Assert.Equal((7L, "out/a.txt", "text/plain"), (claim!.JobId, claim.Path, claim.ContentType));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(CapabilityCheck.Expired, tokens.Verify(token, time.GetUtcNow(), out _));
    }
}
