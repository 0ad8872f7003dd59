namespace Nmpi.Adapters.Tests;

/// <summary>An adapter may know several gateways: GatewayUrl comma-separated or the GatewayUrls list, each checked at start.</summary>
public sealed class GatewayUrlOptionsTests
{
    [Fact]
    public void Validate_TwoGatewaysCommaSeparated_PassesInOrder()
    {
        var options = Valid();
        options.GatewayUrl = "https://gw1.example.org:5443, https://gw2.example.org:5443";

        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(["https://gw1.example.org:5443", "https://gw2.example.org:5443"], options.GatewayUrlList());
    }

    [Fact]
    public void Validate_TwoGatewaysAsAList_Passes()
    {
        var options = Valid();
        options.GatewayUrl = "";
        options.GatewayUrls = ["http://127.0.0.1:5080", "http://127.0.0.1:5081"];

        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(options.GatewayUrls, options.GatewayUrlList());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080,gw2:5080", "Nmpi:Adapter:GatewayUrl 'gw2:5080' must be an absolute http or https address.")]
    [InlineData("http://127.0.0.1:5080,http://192.0.2.1:5080", "Nmpi:Adapter:GatewayUrl http://192.0.2.1:5080 is plain http to another machine")]
    [InlineData("http://127.0.0.1:5080,https://gw2.example.org", "Nmpi:Adapter:GatewayUrl: the addresses http://127.0.0.1:5080/, https://gw2.example.org/ mix http:// and https://")]
    [InlineData("http://127.0.0.1:5080,http://127.0.0.1:5080", "Nmpi:Adapter:GatewayUrl: 'http://127.0.0.1:5080' is listed twice")]
    public void Validate_BadGatewayInTheList_NamesIt(string urls, string expected)
    {
        var options = Valid();
        options.GatewayUrl = urls;

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GatewayUrlAndGatewayUrlsBoth_IsRefused()
    {
        var options = Valid();
        options.GatewayUrls = ["http://127.0.0.1:5081"];

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.Equal("Nmpi:Adapter:GatewayUrl and GatewayUrls are both set: set one of them.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_NoGatewayAtAll_IsRefused()
    {
        var options = Valid();
        options.GatewayUrl = " , ";

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.Equal("Nmpi:Adapter:GatewayUrl must be an absolute http or https address.", Assert.Single(result.Failures!));
    }

    private static AdapterOptions Valid() => new()
    {
        GatewayUrl = "http://127.0.0.1:5080",
        ApiKey = "key",
        Name = "a",
        Platform = "SpiNNaker",
        WorkDirectory = "/tmp/jobs",
    };
}
