using Microsoft.Extensions.Hosting;

namespace Nmpi.Adapters.Tests;

/// <summary>An adapter without a working sandbox and the default settings: it refuses to start rather than run jobs unconfined.</summary>
public sealed class SandboxRequiredTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("nmpi-required-").FullName;

    [Fact]
    public async Task AdapterStart_WithoutBubblewrapAndTheDefaultIsolation_IsRefusedNamingTheOption()
    {
        using var host = SiteAdapterHostBuilder.Build(new Dictionary<string, string?>
        {
            ["Nmpi:Adapter:GatewayUrl"] = "http://127.0.0.1:9",
            ["Nmpi:Adapter:ApiKey"] = "key-site-0123456789",
            ["Nmpi:Adapter:Name"] = "no-sandbox",
            ["Nmpi:Adapter:Platform"] = "SpiNNaker",
            ["Nmpi:Adapter:WorkDirectory"] = _work,

            // bubblewrap unavailable: the option points at a program that does not exist.
            ["Nmpi:Adapter:BubblewrapProgram"] = "/nonexistent/bwrap",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Nmpi:Adapter:NetworkIsolation is Required (the default)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bwrap is not installed", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task AdapterStart_WithoutBubblewrapAndAnExplicitOptOut_Starts()
    {
        using var host = SiteAdapterHostBuilder.Build(new Dictionary<string, string?>
        {
            ["Nmpi:Adapter:GatewayUrl"] = "http://127.0.0.1:9",
            ["Nmpi:Adapter:ApiKey"] = "key-site-0123456789",
            ["Nmpi:Adapter:Name"] = "opted-out",
            ["Nmpi:Adapter:Platform"] = "SpiNNaker",
            ["Nmpi:Adapter:WorkDirectory"] = _work,
            ["Nmpi:Adapter:BubblewrapProgram"] = "/nonexistent/bwrap",
            ["Nmpi:Adapter:NetworkIsolation"] = "Auto",
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
