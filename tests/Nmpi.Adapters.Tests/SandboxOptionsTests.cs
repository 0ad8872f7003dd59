using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>The sandbox settings an adapter refuses to start with, each with an error naming the setting.</summary>
public sealed class SandboxOptionsTests
{
    [Fact]
    public void Defaults_AreValid_With4GiBAnd256Processes()
    {
        var options = Valid();

        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(new JobLimits(4L << 30, 256), new JobLimits(options.MemoryLimit, options.MaxProcesses));
        Assert.Equal("4 GiB", new JobLimits(options.MemoryLimit, 1).MemoryText);
    }

    [Theory]
    [InlineData("MemoryLimit")]
    [InlineData("MaxProcesses")]
    [InlineData("Sandbox")]
    [InlineData("NetworkIsolation")]
    [InlineData("WritablePaths:0")]
    [InlineData("JobEnvironment:A=B")]
    public void BadSetting_IsRefusedByName(string setting)
    {
        var options = Valid();
        switch (setting)
        {
            case "MemoryLimit": options.MemoryLimit = 1 << 20; break;
            case "MaxProcesses": options.MaxProcesses = 1; break;
            case "Sandbox": options.Sandbox = (SandboxMode)42; break;
            case "NetworkIsolation": options.NetworkIsolation = (NetworkIsolation)42; break;
            case "WritablePaths:0": options.WritablePaths = ["relative/cache"]; break;
            default: options.JobEnvironment["A=B"] = "x"; break;
        }

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Nmpi:Adapter:{setting} ", failure, StringComparison.Ordinal);
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
