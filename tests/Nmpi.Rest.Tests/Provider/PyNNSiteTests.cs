using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;
using Nmpi.Rest.Tests.Jobs;

namespace Nmpi.Rest.Tests.Provider;

/// <summary>
/// A v3 site driven only through the REST provider endpoints runs a real PyNN network on Brian2: the test is the site (it
/// polls, runs the job's script with Debian's Python, serves the files it wrote over HTTP and reports), and the user
/// downloads the outputs byte for byte through the job's output_data URLs.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class PyNNSiteTests(PostgresFixture postgres)
{
    // A cold Brian2 compiles its Cython code first (CYTHON_CACHE_DIR keeps it between runs); a loaded machine is slower still.
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task RestSite_RunsARealPyNNNetworkOnBrian2_AndTheUserDownloadsItsOutputsIntact()
    {
        await using var host = await PlatformHost.StartAsync(postgres, SiteFileServer.TrustedBy("hd"));
        await using var files = await SiteFileServer.StartAsync();
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Adapters", "Scripts", "network.py"));
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body(platform: "BrainScaleS-ESS", code: script))).GetProperty("id").GetInt64();

        // The site: claim, report running, run the code it was given, keep reporting while it runs.
        var (status, job) = await RestJobs.GetAsync(site, "/jobs/next/BrainScaleS-ESS");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, job.GetProperty("id").GetInt64());
        (status, _) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "running" });
        Assert.Equal(HttpStatusCode.OK, status);

        var directory = Directory.CreateTempSubdirectory("nmpi-rest-site-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "run.py"), job.GetProperty("code").GetString());
            var (exitCode, output) = await RunAsync(site, id, directory, "run.py", "brian2");
            Assert.True(exitCode == 0, $"the job's script failed: {output}");
            await SendText(site, HttpMethod.Patch, $"/jobs/{id}/log", output);

            var written = new[] { "results.pkl", "summary.txt" }
                .ToDictionary(name => name, name => File.ReadAllBytes(Path.Combine(directory, name)), StringComparer.Ordinal);
            var finished = new JsonObject
            {
                ["status"] = "finished",
                ["resource_usage"] = new JsonObject { ["value"] = 0.01, ["units"] = "hours" },
                ["provenance"] = new JsonObject { ["simulator"] = "brian2", ["site"] = "hd" },
                ["output_data"] = new JsonObject
                {
                    ["repository"] = "site storage",
                    ["files"] = new JsonArray([.. written.Select(f => (JsonNode)new JsonObject
                    {
                        ["url"] = files.Serve($"/jobs/{id}/{f.Key}", f.Value),
                        ["path"] = f.Key,
                    })]),
                },
            };
            (status, var ended) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", finished);
            Assert.True(status == HttpStatusCode.OK, $"PUT finished answered {status}: {ended}");

            // The user: the job finished, with the site's log and provenance, and its outputs download intact without a token.
            var (_, seen) = await RestJobs.GetAsync(alice, $"/jobs/{id}?with_log=true");
            Assert.Equal("finished", seen.GetProperty("status").GetString());
            Assert.Contains("recorded ", seen.GetProperty("log").GetString(), StringComparison.Ordinal);
            Assert.Equal("brian2", seen.GetProperty("provenance").GetProperty("simulator").GetString());
            var (outputStatus, outputs) = await RestJobs.GetAsync(alice, $"/jobs/{id}/output_data");
            Assert.Equal(HttpStatusCode.OK, outputStatus);
            var listed = outputs.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, StringComparer.Ordinal);
            Assert.Equal(written.Keys.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
            using var anonymous = new HttpClient();
            foreach (var (name, bytes) in written)
            {
                var downloaded = await anonymous.GetByteArrayAsync(new Uri(listed[name].GetProperty("url").GetString()!));
                Assert.Equal(bytes, downloaded);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), listed[name].GetProperty("hash").GetString());
                Assert.Equal(bytes.Length, listed[name].GetProperty("size").GetInt64());
            }

            var summary = Encoding.UTF8.GetString(written["summary.txt"]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            Assert.Equal("brian2", summary["backend"]);
            Assert.Equal("10", summary["cells"]);
            Assert.True(int.Parse(summary["spikes"], System.Globalization.CultureInfo.InvariantCulture) > 0, "the network should spike");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs the job's script as a site would, reporting "running" every few seconds so the job's lease stays the site's.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(HttpClient site, long id, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        var exited = python.WaitForExitAsync();
        var deadline = Stopwatch.StartNew();
        while (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(5))) != exited)
        {
            if (deadline.Elapsed > Within)
            {
                python.Kill(entireProcessTree: true);
                Assert.Fail($"the job's script did not end within {Within}");
            }

            var (status, body) = await RestJobs.SendAsync(site, HttpMethod.Put, $"/jobs/{id}", new JsonObject { ["status"] = "running" });
            Assert.True(status == HttpStatusCode.OK, $"keep-alive report answered {status}: {body}");
        }

        return (python.ExitCode, await output + await errors);
    }

    private static async Task SendText(HttpClient site, HttpMethod method, string path, string text)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        using var response = await site.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
