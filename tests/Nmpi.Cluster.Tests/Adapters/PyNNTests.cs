using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// Real PyNN networks run on Brian2 through the gateway and real adapters, as a scientist would submit them;
/// the results come back byte for byte and load as the neo data PyNN wrote.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PyNNTests(PostgresFixture postgres)
{
    // A cold Brian2 compiles its Cython code first; CI warms one shared cache (CYTHON_CACHE_DIR) before the tests.
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("BrainScaleS-ESS")]
    [InlineData("SpiNNaker")]
    public async Task Network_OnBrian2_FinishesAndItsRecordingsDownloadIntact(string hardwarePlatform)
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, hardwarePlatform, settings: new Dictionary<string, string?> { ["Backend"] = "brian2" });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = JobRequests.Inline(platform: hardwarePlatform);
        request.Code = new JobCode { Inline = await File.ReadAllTextAsync(Script("network.py")) };
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

        Assert.Equal(["results.pkl", "summary.txt"], job.OutputData.Select(o => o.Path).Order(StringComparer.Ordinal));
        var directory = Directory.CreateTempSubdirectory("nmpi-pynn-").FullName;
        try
        {
            foreach (var output in job.OutputData)
            {
                var bytes = await JobRequests.DownloadAsync(alice, job.Id, output.Path);
                Assert.Equal(output.Size, bytes.Length);
                Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(adapter.JobDirectory(job.Id), output.Path)), bytes);
                await File.WriteAllBytesAsync(Path.Combine(directory, output.Path), bytes);
            }

            var summary = Facts(await File.ReadAllTextAsync(Path.Combine(directory, "summary.txt")), '=');
            Assert.Equal("brian2", summary["backend"]);
            Assert.Equal("3001", summary["samples"]);
            Assert.Equal("10", summary["cells"]);
            Assert.True(int.Parse(summary["spikes"], System.Globalization.CultureInfo.InvariantCulture) > 0, "the network should spike");

            var results = Facts(await RunPythonAsync(Script("read_results.py"), Path.Combine(directory, "results.pkl")), ' ');
            Assert.Equal("10", results["spiketrains"]);
            Assert.Equal(summary["spikes"], results["spikes"]);
            Assert.Equal("3001 10", results["v_shape"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        Assert.Contains("recorded ", log, StringComparison.Ordinal);
        Assert.Equal("brian2", job.Provenance.Fields["backend"].StringValue);
        Assert.Equal(hardwarePlatform, job.Provenance.Fields["platform"].StringValue);
    }

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Adapters", "Scripts", name);

    private static Dictionary<string, string> Facts(string text, char separator) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(separator, 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);

    private static async Task<string> RunPythonAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [script, argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"{script} failed: {await errors}");
        return await output;
    }
}
