using System.Diagnostics;
using System.Reflection;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>
/// M-10: a site adapter sends its API key with every call, so it must not be pointed at another machine over plain
/// http (an eavesdropper on the path would take the key). The real nmpi-adapter process is started the way a site
/// operator would start it.
/// </summary>
public sealed class AdapterGatewayUrlTests
{
    [Fact]
    public async Task Adapter_PointedAtAPlainHttpGatewayOnAnotherHost_RefusesToStart()
    {
        var (exitCode, output) = await RunAdapterAsync("http://192.0.2.1:5080");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Nmpi:Adapter:GatewayUrl http://192.0.2.1:5080 is plain http to another machine", output, StringComparison.Ordinal);
        Assert.Contains("use https://", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("https://192.0.2.1:5080")]
    public async Task Adapter_PointedAtLoopbackHttpOrAnHttpsGateway_PassesTheCheck(string gatewayUrl)
    {
        var (_, output) = await RunAdapterAsync(gatewayUrl);

        Assert.DoesNotContain("plain http to another machine", output, StringComparison.Ordinal);
    }

    // The adapter exits at start when any setting is refused; an unknown platform makes sure the loopback and
    // https cases stop there too instead of running (the check under test has reported by then).
    private static async Task<(int ExitCode, string Output)> RunAdapterAsync(string gatewayUrl)
    {
        var work = Directory.CreateTempSubdirectory("nmpi-adapter-url-").FullName;
        try
        {
            var directory = typeof(AdapterGatewayUrlTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "AdapterHostDirectory").Value!;
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = work,
            };
            info.ArgumentList.Add(Path.GetFullPath(Path.Combine(directory, "nmpi-adapter.dll")));
            info.Environment["Nmpi__Adapter__GatewayUrl"] = gatewayUrl;
            info.Environment["Nmpi__Adapter__ApiKey"] = "key-site-secret-0123456789";
            info.Environment["Nmpi__Adapter__Name"] = "url-check";
            info.Environment["Nmpi__Adapter__Platform"] = gatewayUrl.StartsWith("http://192.", StringComparison.Ordinal) ? "SpiNNaker" : "NoSuchPlatform";
            info.Environment["Nmpi__Adapter__WorkDirectory"] = work;
            info.Environment["DOTNET_gcServer"] = "0";
            using var process = Process.Start(info) ?? throw new InvalidOperationException("nmpi-adapter did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();

            // Only a guard against a hang: a refused configuration ends the process at once.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"nmpi-adapter started with GatewayUrl {gatewayUrl} instead of refusing its configuration.");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
