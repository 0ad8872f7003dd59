using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>
/// SpiNNaker set-up steps through the whole platform with the real adapter: a git repository cloned from a local
/// file:// URL (no internet here), a package pip-installed into a job-local environment (offline, --no-index),
/// a make, then the job's script with the environment's Python.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpiNNakerSetupTests(PostgresFixture postgres) : IDisposable
{
    // Creating the environment and two pip runs take a few seconds each on a quiet machine; allow for a busy one.
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500" };

    private static readonly Dictionary<string, string?> OfflineSite = new()
    {
        ["AllowFileUrls"] = "true",

        // The sandbox's root is minimal: a site that allows file URLs makes their directories readable in jobs.
        ["ReadOnlyPaths:0"] = SourcesRoot,
        ["Platforms:PipNoIndex"] = "true",
        ["Platforms:SpiNNakerCores"] = "48",
    };

    private readonly string _sources = SourcesDirectory();
    private readonly string _module = $"nmpi_tiny_{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task CloneInstallAndMake_ThenTheScriptUsesThem_AndOnlyItsOwnFilesAreOutputs()
    {
        var repository = await CreateRepositoryAsync();
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: OfflineSite);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script($$"""
            import os, sys, {{_module}}
            with open("tools/product.txt") as f:
                product = f.read().strip()
            os.makedirs("out", exist_ok=True)
            with open("out/result.txt", "w") as f:
                f.write(f"{{{_module}}.VALUE} {product} {sys.prefix}\n")
            print("used", {{_module}}.__file__)
            """);
        request.HardwareConfig = Config(
            ("extra_git_repositories", [repository]),
            ("extra_pip_installs", ["./tools/tinypkg"]),
            ("extra_makes", ["tools"]));
        var clock = Stopwatch.StartNew();
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);
        var upperBound = clock.Elapsed;

        var jobDirectory = adapter.JobDirectory(job.Id);
        var output = Assert.Single(job.OutputData);
        Assert.Equal("out/result.txt", output.Path);
        Assert.Equal($"42 made-by-make {Path.Combine(jobDirectory, ".venv")}\n", await File.ReadAllTextAsync(Path.Combine(jobDirectory, output.Path)));
        Assert.False(await SystemPythonImportsAsync(_module), "the package went into the job's environment, not the system Python");

        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        string[] headers =
        [
            $"== set-up extra_git_repositories (site adapter, guarded fetch): git clone --depth 1 {repository}",
            "== set-up virtual environment (bwrap no-network): python3 -m venv --system-site-packages .venv",
            "== set-up extra_pip_installs (bwrap no-network): pip install ./tools/tinypkg",
            "== set-up extra_makes (bwrap no-network): make -C tools",
            "== set-up done; the command runs with " + Path.Combine(jobDirectory, ".venv", "bin", "python"),
        ];
        var positions = headers.Select(h => log.IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0, "every set-up step has its header in the log"));
        Assert.Equal(positions.Order(), positions);
        // pip prints the normalized project name (hyphens for underscores).
        Assert.Contains($"Successfully installed {_module.Replace('_', '-')}-0.1", log, StringComparison.Ordinal);
        Assert.True(log.IndexOf("used ", StringComparison.Ordinal) > positions[^1], "the script's output follows the set-up's");

        Assert.Equal(".venv", job.Provenance.Fields["environment"].StringValue);
        Assert.Equal("PyNN", job.Provenance.Fields["backend_package"].StringValue);
        Assert.Matches(@"^\d+\.\d+", job.Provenance.Fields["software"].StructValue.Fields["PyNN"].StringValue);
        Assert.Equal("core-hours", job.ResourceUsage.Units);
        Assert.InRange(job.ResourceUsage.Value, double.Epsilon, 48 * upperBound.TotalHours);
    }

    [Fact]
    public async Task PipInstallThatFails_EndsTheJobInErrorNamingTheStep_AndTheScriptNeverRuns()
    {
        var repository = await CreateRepositoryAsync();
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform, settings: OfflineSite);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script("open('ran.txt', 'w').write('the script ran')");
        request.HardwareConfig = Config(("extra_git_repositories", [repository]), ("extra_pip_installs", ["./tools/broken"]));
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, Within);

        Assert.Equal(FailureReason.UserCodeError, job.Failure.Reason);
        // The message carries pip's own error summary, not the hint line pip prints last.
        Assert.Matches(@"^extra_pip_installs: pip install \./tools/broken failed: (ERROR|error): \S", job.Failure.Message);
        Assert.Empty(job.OutputData);
        Assert.Equal(0, job.ResourceUsage.Value);
        Assert.False(File.Exists(Path.Combine(adapter.JobDirectory(job.Id), "ran.txt")));
        var log = (await alice.GetJobAsync(new GetJobRequest { Id = job.Id, IncludeLog = true })).Log;
        Assert.Contains("this package cannot be built", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigTheGatewayAcceptsButTheSiteRefuses_EndsInInvalidInputNamingTheEntry()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, FastHeartbeat);
        await using var adapter = await SiteAdapterHost.StartAsync(platform);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        var request = Script("open('ran.txt', 'w').write('the script ran')");
        request.HardwareConfig = Config(("extra_makes", ["../../elsewhere"]), ("extra_git_repositories", ["file:///srv/models/net.git"]));
        var submitted = await alice.SubmitJobAsync(request);
        var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Error, TimeSpan.FromSeconds(30));

        Assert.Equal(FailureReason.InvalidInput, job.Failure.Reason);
        Assert.Equal(
            "invalid hardware_config: hardware_config.extra_git_repositories[0]: 'file:///srv/models/net.git': file URLs are not accepted by this site; "
            + "hardware_config.extra_makes[0]: '../../elsewhere' leads out of the job directory",
            job.Failure.Message);
        Assert.False(File.Exists(Path.Combine(adapter.JobDirectory(job.Id), "ran.txt")));
    }

    public void Dispose() => Directory.Delete(_sources, recursive: true);

    /// <summary>A fresh directory for local repositories, outside /tmp: set-up steps get a private /tmp and would not see them there.</summary>
    /// <summary>Where the tests' set-up sources live (outside /tmp, which is private in the sandbox), read-only in jobs.</summary>
    internal const string SourcesRoot = "/var/tmp/nmpi-setup-sources";

    internal static string SourcesDirectory() => Directory.CreateDirectory(Path.Combine(SourcesRoot, Guid.NewGuid().ToString("N"))).FullName;

    // A repository "tools" with a pure-Python package, a package whose build fails, and a Makefile with one product.
    private async Task<string> CreateRepositoryAsync()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_sources, "tools")).FullName;
        Directory.CreateDirectory(Path.Combine(tools, "tinypkg", _module));
        await File.WriteAllTextAsync(Path.Combine(tools, "tinypkg", "pyproject.toml"), $"""
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{_module}"
            version = "0.1"
            """);
        await File.WriteAllTextAsync(Path.Combine(tools, "tinypkg", _module, "__init__.py"), "VALUE = 42\n");
        Directory.CreateDirectory(Path.Combine(tools, "broken"));
        await File.WriteAllTextAsync(Path.Combine(tools, "broken", "setup.py"), "raise SystemExit('this package cannot be built')\n");
        await File.WriteAllTextAsync(Path.Combine(tools, "Makefile"), "product.txt:\n\techo made-by-make > product.txt\n");
        await GitAsync(tools, "init", "--quiet");
        await GitAsync(tools, "add", ".");
        await GitAsync(tools, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "tools");
        return new Uri(tools).AbsoluteUri;
    }

    /// <summary>Runs git in the directory and fails the test when it fails.</summary>
    internal static async Task GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var errors = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {errors}");
    }

    private static async Task<bool> SystemPythonImportsAsync(string module)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"import {module}");
        using var python = Process.Start(start)!;
        await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return python.ExitCode == 0;
    }

    private static SubmitJobRequest Script(string code)
    {
        var request = JobRequests.Inline();
        request.Code = new JobCode { Inline = code };
        return request;
    }

    private static Struct Config(params (string Key, string[] Values)[] lists)
    {
        var config = new Struct();
        foreach (var (key, values) in lists)
        {
            config.Fields[key] = Value.ForList([.. values.Select(Value.ForString)]);
        }

        return config;
    }
}
