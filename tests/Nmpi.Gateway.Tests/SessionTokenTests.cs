using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Tests;

public sealed class SessionTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SigningKey Key = new("k1", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), Now.AddDays(-1));
    private static readonly SigningKey Other = new("k2", Enumerable.Range(0, 32).Select(i => (byte)(i + 100)).ToArray(), Now);

    [Fact]
    public void Issued_IsAnHs256JwtWithKidSubIssAndExp_AndChecksValid()
    {
        var token = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromHours(12));

        var check = SessionToken.Check(token, [Other, Key], Now.AddHours(11), out var user, out var expires);

        Assert.True(SessionToken.LooksLikeJwt(token));
        Assert.Equal(SessionTokenCheck.Valid, check);
        Assert.Equal("alice", user);
        Assert.Equal(Now.AddHours(12), expires);
        var header = Part(token, 0);
        var payload = Part(token, 1);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal("k1", header.GetProperty("kid").GetString());
        Assert.Equal("nmpi", payload.GetProperty("iss").GetString());
        Assert.Equal("alice", payload.GetProperty("sub").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddHours(12).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void TwoTokens_OfTheSameUserAndSecond_Differ()
    {
        Assert.NotEqual(SessionToken.Issue(Key, "alice", Now, TimeSpan.FromHours(1)), SessionToken.Issue(Key, "alice", Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Expired_IsRefused_FromItsExpiryOn()
    {
        var token = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromMinutes(5));

        Assert.Equal(SessionTokenCheck.Valid, SessionToken.Check(token, [Key], Now.AddMinutes(5).AddSeconds(-1), out _, out _));
        Assert.Equal(SessionTokenCheck.Expired, SessionToken.Check(token, [Key], Now.AddMinutes(5), out var user, out _));
        Assert.Equal("", user);
    }

    [Fact]
    public void SignedWithAnotherSecretUnderTheSameKid_IsForged()
    {
        var forged = SessionToken.Issue(Key with { Secret = Other.Secret }, "root", Now, TimeSpan.FromHours(1));
        Assert.Equal(SessionTokenCheck.BadSignature, SessionToken.Check(forged, [Key], Now, out var user, out _));
        Assert.Equal("", user);
    }

    [Fact]
    public void NamingARetiredOrUnknownKey_IsRefused()
    {
        var token = SessionToken.Issue(Other, "alice", Now, TimeSpan.FromHours(1));
        Assert.Equal(SessionTokenCheck.UnknownKey, SessionToken.Check(token, [Key], Now, out _, out _));
    }

    [Fact]
    public void PayloadChangedAfterSigning_IsRefused()
    {
        var parts = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromHours(1)).Split('.');
        var payload = Encode($$"""{"iss":"nmpi","sub":"root","exp":{{Now.AddHours(1).ToUnixTimeSeconds()}}}""");
        Assert.Equal(SessionTokenCheck.BadSignature, SessionToken.Check($"{parts[0]}.{payload}.{parts[2]}", [Key], Now, out _, out _));
    }

    [Theory]
    [InlineData("none", "")]
    [InlineData("none", "AAAA")]
    [InlineData("None", "AAAA")]
    [InlineData("HS512", "AAAA")]
    [InlineData("RS256", "AAAA")]
    public void UnsignedOrOtherAlgorithm_IsRefused(string alg, string signature)
    {
        var header = Encode($$"""{"alg":"{{alg}}","typ":"JWT","kid":"k1"}""");
        var payload = Encode($$"""{"iss":"nmpi","sub":"root","exp":{{Now.AddHours(1).ToUnixTimeSeconds()}}}""");

        var check = SessionToken.Check($"{header}.{payload}.{signature}", [Key], Now, out var user, out _);

        Assert.NotEqual(SessionTokenCheck.Valid, check);
        Assert.Equal(signature.Length == 0 ? SessionTokenCheck.Malformed : SessionTokenCheck.WrongAlgorithm, check);
        Assert.Equal("", user);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJ.eyJ.x")]
    [InlineData("W10.W10.AAAA")] // JSON arrays, not objects
    public void Malformed_IsRefused(string token)
    {
        Assert.Equal(SessionTokenCheck.Malformed, SessionToken.Check(token, [Key], Now, out _, out _));
    }

    [Fact]
    public void WithoutSubjectOrOfAnotherIssuer_IsRefused()
    {
        Assert.Equal(SessionTokenCheck.Malformed, SessionToken.Check(Sign("""{"iss":"nmpi","exp":9999999999}"""), [Key], Now, out _, out _));
        Assert.Equal(SessionTokenCheck.Malformed, SessionToken.Check(Sign("""{"iss":"other","sub":"a","exp":9999999999}"""), [Key], Now, out _, out _));
        Assert.Equal(SessionTokenCheck.Malformed, SessionToken.Check(Sign("""{"iss":"nmpi","sub":"a"}"""), [Key], Now, out _, out _));
    }

    [Theory]
    [InlineData("token-alice-0123456789", false)]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", true)]
    [InlineData("eyJ-not-a-jwt", false)]
    public void LooksLikeJwt_TellsSessionTokensFromAccessTokens(string bearer, bool expected)
    {
        Assert.Equal(expected, SessionToken.LooksLikeJwt(bearer));
    }

    private static string Sign(string payloadJson)
    {
        var signed = Encode("""{"alg":"HS256","kid":"k1"}""") + "." + Encode(payloadJson);
        return signed + "." + Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(Key.Secret, Encoding.ASCII.GetBytes(signed)));
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static JsonElement Part(string token, int index) => JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[index])).RootElement;
}
