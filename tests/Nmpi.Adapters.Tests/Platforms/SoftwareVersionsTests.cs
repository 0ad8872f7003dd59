using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>Software versions asked of the real interpreter: Debian's Python with its PyNN and Brian2.</summary>
public sealed class SoftwareVersionsTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Brian2Backend_RecordsPyNNAndBrian2_AsTheInterpreterImportsThem()
    {
        var versions = new SoftwareVersions(Python, "brian2");

        var software = await versions.ForAsync(Python);

        Assert.Equal(await ImportedVersionAsync("pyNN"), software.Fields["PyNN"].StringValue);
        Assert.Equal(await ImportedVersionAsync("brian2"), software.Fields["Brian2"].StringValue);
        Assert.Equal(2, software.Fields.Count);
    }

    [Fact]
    public async Task MockBackend_ComesWithPyNN()
    {
        var versions = new SoftwareVersions(Python, "mock");

        var software = await versions.ForAsync(Python);

        Assert.Equal("PyNN", versions.Backend.Distribution);
        Assert.Equal([await ImportedVersionAsync("pyNN")], software.Fields.Values.Select(v => v.StringValue));
    }

    [Fact]
    public async Task BackendNotInstalled_SaysSo()
    {
        var software = await new SoftwareVersions(Python, "spiNNaker").ForAsync(Python);

        Assert.Equal(SoftwareVersions.NotInstalled, software.Fields["sPyNNaker"].StringValue);
    }

    [Fact]
    public async Task InterpreterThatCannotRun_GivesUnknownVersions_RatherThanFailing()
    {
        var software = await new SoftwareVersions(Python, "brian2").ForAsync("/nonexistent/python");

        Assert.All(software.Fields.Values, v => Assert.StartsWith("unknown", v.StringValue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SitePlatform_AddsSoftwareAndBackendPackageToProvenance()
    {
        var platform = new SitePlatform(new AdapterOptions { Platform = "SpiNNaker", Backend = "brian2", Python = Python, WorkDirectory = "/tmp" }, TimeProvider.System);
        var provenance = new Struct();

        await platform.AddSoftwareAsync(provenance, null);

        Assert.Equal("Brian2", provenance.Fields["backend_package"].StringValue);
        Assert.Equal(await ImportedVersionAsync("brian2"), provenance.Fields["software"].StructValue.Fields["Brian2"].StringValue);
        Assert.False(provenance.Fields.ContainsKey("environment"));
    }

    // The version the module itself reports, asked separately from the probe under test.
    private static async Task<string> ImportedVersionAsync(string module)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"import {module}; print({module}.__version__)");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim().Split('\n')[^1];
    }
}
