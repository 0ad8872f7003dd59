using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Tests.Accounts;

public sealed class PasswordHashTests
{
    [Fact]
    public void Hash_NamesSchemeAndIterations_WithASaltAndA32ByteHash()
    {
        var parts = PasswordHash.Create("correct horse", 1000).Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void DefaultIterations_AreAtLeastTheOwaspFigureForPbkdf2Sha256()
    {
        Assert.True(PasswordHash.DefaultIterations >= 600_000);
    }

    [Fact]
    public void Verify_AcceptsThePassword_AndNothingElse()
    {
        var hash = PasswordHash.Create("correct horse", 1000);

        Assert.True(PasswordHash.Verify("correct horse", hash));
        Assert.False(PasswordHash.Verify("correct horse ", hash));
        Assert.False(PasswordHash.Verify("Correct horse", hash));
        Assert.False(PasswordHash.Verify("", hash));
    }

    [Fact]
    public void SamePassword_GetsAFreshSaltEachTime()
    {
        var first = PasswordHash.Create("pw-12345678", 1000);
        var second = PasswordHash.Create("pw-12345678", 1000);

        Assert.NotEqual(first, second);
        Assert.True(PasswordHash.Verify("pw-12345678", first));
        Assert.True(PasswordHash.Verify("pw-12345678", second));
    }

    [Fact]
    public void Verify_UsesTheIterationsStoredInTheHash()
    {
        var hash = PasswordHash.Create("pw-12345678", 1000);
        var parts = hash.Split('$');
        var relabelled = string.Join('$', parts[0], "1001", parts[2], parts[3]);

        Assert.False(PasswordHash.Verify("pw-12345678", relabelled));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==")]
    [InlineData("pbkdf2-sha256$0$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$-5$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$x$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$$aGFzaA==")]
    [InlineData("md5$1000$c2FsdA==$aGFzaA==")]
    public void MalformedHash_NeverVerifies(string? stored)
    {
        Assert.False(PasswordHash.Verify("plain-text-password", stored));
    }
}
