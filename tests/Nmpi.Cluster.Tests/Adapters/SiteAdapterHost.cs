using System.Globalization;
using Microsoft.Extensions.Hosting;
using Nmpi.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>The real site adapter (the same worker nmpi-adapter hosts) running in the test process against a platform.</summary>
public sealed class SiteAdapterHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SiteAdapterHost(IHost host, string workDirectory)
    {
        _host = host;
        WorkDirectory = workDirectory;
    }

    /// <summary>The directory the adapter prepares job directories in.</summary>
    public string WorkDirectory { get; }

    /// <summary>Starts an adapter; <paramref name="settings"/> (keys relative to Nmpi:Adapter, e.g. "Backend") override the defaults.</summary>
    public static async Task<SiteAdapterHost> StartAsync(PlatformHost platform, string hardwarePlatform = "SpiNNaker", int capacity = 2, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var work = Directory.CreateTempSubdirectory("nmpi-adapter-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Nmpi:Adapter:GatewayUrl"] = platform.GrpcUrl,
            ["Nmpi:Adapter:ApiKey"] = PlatformHost.SiteKey,
            ["Nmpi:Adapter:Name"] = $"test-{Guid.NewGuid():N}"[..16],
            ["Nmpi:Adapter:Platform"] = hardwarePlatform,
            ["Nmpi:Adapter:Capacity"] = capacity.ToString(CultureInfo.InvariantCulture),
            ["Nmpi:Adapter:WorkDirectory"] = work,
            ["Nmpi:Adapter:PollWait"] = "00:00:02",
            ["Nmpi:Adapter:KillGrace"] = "00:00:01",

            // The tests' repositories, archives and data are served on loopback; CodeSourceTests checks the default.
            ["Nmpi:Adapter:AllowInternalUrls"] = "true",

            // Tests look into a job's directory after it ended (pids it wrote, outputs); SandboxAttackTests checks the default.
            ["Nmpi:Adapter:KeepJobDirectories"] = "true",
        };
        // Jobs start from the run's warmed Brian2 cache, read-only inside the sandbox.
        if (Environment.GetEnvironmentVariable("CYTHON_CACHE_DIR") is { Length: > 0 } cache)
        {
            configuration["Nmpi:Adapter:SharedCythonCache"] = cache;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[$"Nmpi:Adapter:{key}"] = value;
        }

        var host = SiteAdapterHostBuilder.Build(configuration);
        await host.StartAsync();
        return new SiteAdapterHost(host, work);
    }

    /// <summary>The working directory of a job.</summary>
    public string JobDirectory(long jobId, long epoch = 1) => Path.Combine(WorkDirectory, new JobAttempt(jobId, epoch).Name);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
