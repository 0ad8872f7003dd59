using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Tests.Support;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// SpiNNaker pip installs through the whole platform with the real adapter, bubblewrap and pip (H-2): a package whose
/// setup.py calls the adapter's loopback, given as an sdist by URL or on the site's index, never reaches it; a wheel on
/// the site's index is downloaded with the network, installed without it, and imported by the job. A real HTTP server
/// on 127.0.0.1 stands in for the site's index and for a public download server (there is no internet here).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpiNNakerSetupFetchTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    private readonly string _sources = SpiNNakerSetupTests.SourcesDirectory();
    private readonly string _name = $"nmpi-probe-{Guid.NewGuid():N}"[..19];

    [Fact]
    public async Task SdistWhoseSetupPyCallsTheAdaptersLoopback_ByUrlOrOnTheSitesIndex_NeverReachesIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var reached = new ConcurrentBag<string>();
        using var stopListening = new CancellationTokenSource();
        var listening = ListenAsync(listener, reached, stopListening.Token);
        var sdist = await BuildAsync(((IPEndPoint)listener.LocalEndpoint).Port, wheel: false);
        await using var server = await LocalHttpServer.StartAsync();
        var file = Path.GetFileName(sdist);
        var url = server.Serve($"/files/{file}", await File.ReadAllBytesAsync(sdist));
        ServeIndexPage(server, file);
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);

        // The download server is on loopback only because there is no internet here; the site lets the adapter fetch from it.
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?>
        {
            ["AllowInternalUrls"] = "true",
            ["Platforms:PipIndexUrl"] = $"{server.BaseUrl}/simple/",
        });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var byUrl = await RunAsync(alice, $"{_name} @ {url}", JobStatus.Error);
        var onIndex = await RunAsync(alice, $"{_name}==0.1", JobStatus.Error);
        await stopListening.CancelAsync();
        await listening;

        // The attack first: no setup.py reached the adapter's loopback (the old adapter let both of them connect).
        Assert.Empty(reached);

        // By URL: the adapter downloaded it, and its setup.py ran, without network, during the install.
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = byUrl.Id, IncludeLog = true })).Log;
        Assert.Contains($"== set-up extra_pip_installs (site adapter, guarded fetch): download {url}", log, StringComparison.Ordinal);
        Assert.Contains("nmpi probe refused", log, StringComparison.Ordinal);
        Assert.StartsWith($"extra_pip_installs: pip install {_name} @ {url} failed: ", byUrl.Failure.Message, StringComparison.Ordinal);

        // On the index: wheels only, so the sdist is never even downloaded, and its setup.py never runs.
        Assert.Equal(FailureReason.UserCodeError, onIndex.Failure.Reason);
        Assert.StartsWith($"pip download: pip download --only-binary :all: {_name}==0.1 failed: ERROR: ", onIndex.Failure.Message, StringComparison.Ordinal);
        Assert.True(server.RequestCount($"/simple/{_name}/") > 0, "pip asked the site's index");
        Assert.Equal(1, server.RequestCount($"/files/{file}")); // the adapter's download for the first job, none for the second
    }

    [Fact]
    public async Task WheelOnTheSitesIndex_IsDownloadedWithTheNetwork_InstalledWithoutIt_AndTheJobImportsIt()
    {
        var wheel = await BuildAsync(port: 0, wheel: true);
        await using var server = await LocalHttpServer.StartAsync();
        var file = Path.GetFileName(wheel);
        server.Serve($"/files/{file}", await File.ReadAllBytesAsync(wheel));
        ServeIndexPage(server, file);
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: new Dictionary<string, string?> { ["Platforms:PipIndexUrl"] = $"{server.BaseUrl}/simple/" });
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var module = _name.Replace('-', '_');
        var job = await RunAsync(alice, $"{_name}==0.1", JobStatus.Finished, $"import {module}; print('imported', {module}.VALUE, {module}.__file__)");

        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        string[] lines =
        [
            $"== set-up pip download (bwrap with network): pip download --only-binary :all: {_name}==0.1",
            $"== set-up extra_pip_installs (bwrap no-network): pip install {_name}==0.1",
            $"imported 7 {Path.Combine(adapter.JobDirectory(job.Id), ".venv")}",
        ];
        var positions = lines.Select(h => log.IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0, $"the log has every line in order: {log}"));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(1, server.RequestCount($"/files/{file}"));
        var sandboxes = job.Provenance.Fields["setup_sandbox"].StructValue.Fields;
        Assert.EndsWith(", bwrap with network", sandboxes["pip download"].StringValue, StringComparison.Ordinal);
        Assert.EndsWith(", bwrap no-network", sandboxes["extra_pip_installs"].StringValue, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_sources, recursive: true);

    private static async Task<Job> RunAsync(Jobs.JobsClient alice, string pip, JobStatus ending, string script = "open('ran.txt', 'w').write('ran')")
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = script };
        request.HardwareConfig = new Struct { Fields = { ["extra_pip_installs"] = Value.ForList(Value.ForString(pip)) } };
        var submitted = await alice.SubmitJobAsync(request);
        return await JobRequests.WaitForStatusAsync(alice, submitted.Id, ending, Within);
    }

    // The simple repository API: one HTML page per project, linking its files.
    private void ServeIndexPage(LocalHttpServer server, string file) =>
        server.Serve($"/simple/{_name}/", Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><a href=\"/files/{file}\">{file}</a></body></html>"), contentType: "text/html");

    // A package whose setup.py (outside of building the sdist itself) tries the listener, then stops the build with what it saw.
    private async Task<string> BuildAsync(int port, bool wheel)
    {
        var module = _name.Replace('-', '_');
        var package = Directory.CreateDirectory(Path.Combine(_sources, wheel ? "wheel" : "sdist")).FullName;
        Directory.CreateDirectory(Path.Combine(package, module));
        await File.WriteAllTextAsync(Path.Combine(package, module, "__init__.py"), "VALUE = 7\n");
        await File.WriteAllTextAsync(Path.Combine(package, "setup.py"), wheel
            ? $"from setuptools import setup\nsetup(name=\"{_name}\", version=\"0.1\", packages=[\"{module}\"])\n"
            : $$"""
                import socket, sys
                from setuptools import setup
                if "sdist" not in sys.argv:
                    try:
                        with socket.create_connection(("127.0.0.1", {{port}}), timeout=10) as s:
                            s.sendall(b"setup.py")
                        seen = "connected"
                    except OSError as e:
                        seen = f"refused {e}"
                    raise SystemExit(f"nmpi probe {seen}")
                setup(name="{{_name}}", version="0.1", packages=["{{module}}"])
                """);
        var output = Directory.CreateDirectory(Path.Combine(_sources, wheel ? "wheel-out" : "sdist-out")).FullName;
        string[] arguments = wheel
            ? ["-m", "pip", "wheel", "--no-deps", "--no-index", "--no-build-isolation", "--quiet", "-w", output, package]
            : ["setup.py", "--quiet", "sdist", "-d", output];
        var start = new ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = package, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        var errors = python.StandardError.ReadToEndAsync();
        await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"building the package failed: {await errors}");
        return Directory.EnumerateFiles(output).Single();
    }

    private static async Task ListenAsync(TcpListener listener, ConcurrentBag<string> reached, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                reached.Add(await reader.ReadToEndAsync(stop));
            }
        }
        catch (OperationCanceledException)
        {
            // The jobs have ended; whatever reached the listener by then is in the bag.
        }
    }
}
