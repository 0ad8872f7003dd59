using Grpc.Net.Client;
using Nmpi.Client;

namespace Nmpi.Cluster.Tests.Client;

/// <summary>The gateway address lists users write (one URL, or several comma-separated) and the checks on them.</summary>
public sealed class GatewayAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", new[] { "http://127.0.0.1:5080/" })]
    [InlineData("https://a.example.org:5443,https://b.example.org:5443", new[] { "https://a.example.org:5443/", "https://b.example.org:5443/" })]
    [InlineData(" http://127.0.0.1:1 , http://127.0.0.1:2 ", new[] { "http://127.0.0.1:1/", "http://127.0.0.1:2/" })]
    [InlineData("http://127.0.0.1:1,,http://127.0.0.1:2,", new[] { "http://127.0.0.1:1/", "http://127.0.0.1:2/" })]
    public void TryParse_OneOrSeveralAddresses_KeepsThemInOrder(string text, string[] expected)
    {
        Assert.True(GatewayAddresses.TryParse(text, out var addresses, out var problem), problem);
        Assert.Equal(expected, addresses.Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("", "no gateway address is given")]
    [InlineData("http://127.0.0.1:1,ftp://b.example.org", "'ftp://b.example.org' is not an http:// or https:// URL")]
    [InlineData("http://127.0.0.1:1,gateway-b:5080", "'gateway-b:5080' is not an http:// or https:// URL")]
    [InlineData("http://127.0.0.1:1,https://b.example.org", "mix http:// and https://")]
    [InlineData("https://a.example.org/nmpi,https://b.example.org", "'https://a.example.org/nmpi' has a path")]
    [InlineData("http://127.0.0.1:1,http://127.0.0.1:1/", "'http://127.0.0.1:1' is listed twice")]
    public void TryParse_BadList_NamesTheProblem(string text, string expected)
    {
        Assert.False(GatewayAddresses.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientOptions_AddressAndAddressesBoth_AreRefusedBeforeAnyCall()
    {
        var options = new NmpiClientOptions { Address = new Uri("http://127.0.0.1:1"), Addresses = [new Uri("http://127.0.0.1:2")], Token = "t" };

        var error = Assert.Throws<ArgumentException>(() => new NmpiClient(options));
        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientOptions_NoAddressAtAll_IsRefusedBeforeAnyCall()
    {
        var error = Assert.Throws<ArgumentException>(() => new NmpiClient(new NmpiClientOptions { Token = "t" }));
        Assert.Contains("no gateway address is given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Channel_SeveralAddressesWithANonSocketsHandler_IsRefusedWithTheReason()
    {
        using var handler = new HttpClientHandler();

        var error = Assert.Throws<ArgumentException>(() => GatewayChannel.Create(
            [new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2")], new GrpcChannelOptions { HttpHandler = handler }));
        Assert.Contains("SocketsHttpHandler", error.Message, StringComparison.Ordinal);
    }
}
