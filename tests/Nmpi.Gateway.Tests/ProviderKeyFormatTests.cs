using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.Tests;

public sealed class ProviderKeyFormatTests
{
    [Fact]
    public void Generate_MakesDistinctWellFormedKeys_WhoseIdIsInTheText()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ProviderKeyFormat.Generate()).ToList();

        Assert.Equal(200, keys.Select(k => k.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(200, keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count());
        foreach (var (id, text) in keys)
        {
            Assert.Matches("^nmpk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", text);
            Assert.True(ProviderKeyFormat.IsGenerated(text));
            Assert.True(ProviderKeyFormat.IsKeyId(id));
            Assert.Equal(id, ProviderKeyFormat.IdOf(text));
            Assert.StartsWith($"nmpk_{id}_", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IdOf_AFreeFormKey_IsAStableHashDerivedId_ThatHoldsNoneOfTheText()
    {
        var id = ProviderKeyFormat.IdOf("key-site-hd-0123456789");

        Assert.Equal(id, ProviderKeyFormat.IdOf("key-site-hd-0123456789"));
        Assert.NotEqual(id, ProviderKeyFormat.IdOf("key-site-hd-0123456788"));
        Assert.Matches("^cfg-[0-9a-f]{20}$", id);
        Assert.True(ProviderKeyFormat.IsKeyId(id));
        Assert.DoesNotContain(Convert.ToHexStringLower(ProviderKeyFormat.Hash("key-site-hd-0123456789"))[..8], id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nmpk_")]
    [InlineData("NMPK_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nmpk_0123456789abcdeg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nmpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nmpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nmpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("nmpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé")]
    [InlineData("nmpk_0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsGenerated_RefusesAnythingButTheExactShape(string text)
    {
        Assert.False(ProviderKeyFormat.IsGenerated(text));
        Assert.StartsWith("cfg-", ProviderKeyFormat.IdOf(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("cfg-0123456789abcdef0123", true)]
    [InlineData("0123456789ABCDEF", false)]
    [InlineData("0123456789abcde", false)]
    [InlineData("cfg-0123456789abcdef012", false)]
    [InlineData("cfg-0123456789abcdef012g", false)]
    [InlineData("xyz-0123456789abcdef0123", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("", false)]
    public void IsKeyId_AcceptsOnlyTheTwoIdShapes(string id, bool expected) => Assert.Equal(expected, ProviderKeyFormat.IsKeyId(id));

    [Fact]
    public void Hash_IsTheSha256OfTheUtf8Text()
    {
        Assert.Equal(
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
            Convert.ToHexStringLower(ProviderKeyFormat.Hash("hello")));
    }
}
