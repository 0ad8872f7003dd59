using Nmpi.Adapters;
using Nmpi.Api.Platforms;
using Nmpi.Silo.Storage;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Single-node local mode: a private PostgreSQL in the data directory, one silo with the gateway and the
/// dashboard, one user, and one site adapter for every platform running real PyNN on a software backend.
/// Ctrl-C stops everything.
/// </summary>
public static class LocalMode
{
    /// <summary>The local user's name and collab.</summary>
    public const string User = "local-user";

    /// <summary>The collab the local user edits.</summary>
    public const string Collab = "local";

    /// <summary>Runs the local platform until Ctrl-C.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables().Build();
        var dataDirectory = Path.GetFullPath(settings["Nmpi:Local:DataDirectory"] ?? Path.Combine(".nmpi", "local"));
        var postgresPort = int.Parse(settings["Nmpi:Local:PostgresPort"] ?? "54329", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dataDirectory);

        var secrets = LocalSecrets.LoadOrCreate(dataDirectory);
        await using var postgres = new LocalPostgres(Path.Combine(dataDirectory, "postgres"), postgresPort, password: secrets.DatabasePassword);
        var connectionString = await postgres.StartAsync("nmpi");
        var options = new SiloHostOptions();

        var app = await SiloRunner.StartAsync(args, configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = connectionString,
            ["Orleans:ClusterId"] = "nmpi-local",
            ["Nmpi:Gateway:ArtifactDirectory"] = Path.Combine(dataDirectory, "artifacts"),
            ["Nmpi:Gateway:CapabilityBaseAddress"] = configuration["Nmpi:Silo:HttpUrl"] ?? options.HttpUrl,
            ["Nmpi:Gateway:SigningKey"] = secrets.SigningKey,
            ["Nmpi:Gateway:GrpcReflection"] = "true",
            ["Nmpi:Auth:Users:0:Token"] = secrets.UserToken,
            ["Nmpi:Auth:Users:0:Password"] = secrets.Password,
            ["Nmpi:Auth:Users:0:UserId"] = User,
            ["Nmpi:Auth:Users:0:Admin"] = "true",
            [$"Nmpi:Auth:Users:0:Collabs:{Collab}"] = "administrator",
            ["Nmpi:Auth:AdapterKeys:0:Key"] = secrets.AdapterKey,
            ["Nmpi:Auth:AdapterKeys:0:Site"] = "local",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:0"] = "BrainScaleS",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:1"] = "SpiNNaker",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:2"] = "BrainScaleS-ESS",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:3"] = "Spikey",
            // A generous quota for the local collab on every platform (re-applied at each start).
            ["Nmpi:Quotas:Grants:0:Collab"] = Collab,
            ["Nmpi:Quotas:Grants:0:Platform"] = "BrainScaleS",
            ["Nmpi:Quotas:Grants:0:Limit"] = "1000000",
            ["Nmpi:Quotas:Grants:1:Collab"] = Collab,
            ["Nmpi:Quotas:Grants:1:Platform"] = "SpiNNaker",
            ["Nmpi:Quotas:Grants:1:Limit"] = "1000000",
            ["Nmpi:Quotas:Grants:2:Collab"] = Collab,
            ["Nmpi:Quotas:Grants:2:Platform"] = "BrainScaleS-ESS",
            ["Nmpi:Quotas:Grants:2:Limit"] = "1000000",
            ["Nmpi:Quotas:Grants:3:Collab"] = Collab,
            ["Nmpi:Quotas:Grants:3:Platform"] = "Spikey",
            ["Nmpi:Quotas:Grants:3:Limit"] = "1000000",
        }));

        var silo = app.Configuration.GetSection("Nmpi:Silo").Get<SiloHostOptions>() ?? options;
        var adapters = settings.GetValue("Nmpi:Local:Adapters", true)
            ? await StartAdaptersAsync(settings, dataDirectory, silo.GrpcUrl, secrets.AdapterKey)
            : [];
        Console.WriteLine($"""

            Nmpi.Orleans is running in local mode (data in {dataDirectory}).
              gRPC gateway (nmpi.v1, health, reflection): {silo.GrpcUrl}
              output downloads (capability URLs):         {silo.HttpUrl}/outputs/...
              REST API (EBRAINS job queue v3):            {silo.HttpUrl}/
              Job Manager (web pages):                    {silo.HttpUrl}/app/
              Orleans dashboard:                          {silo.DashboardUrl}/dashboard
              PostgreSQL:                                 127.0.0.1:{postgres.Port}, user postgres, database nmpi
              user token ({User}, collab '{Collab}'):     {secrets.UserToken}
              user password (Job Manager, nmpi login):    {secrets.Password}
              adapter key, PostgreSQL password:           in {LocalSecrets.PathIn(dataDirectory)} (readable by you only)
              site adapters:                              {(adapters.Count == 0 ? "none (Nmpi:Local:Adapters=false)" : $"{string.Join(", ", PlatformCatalog.All.Select(p => p.Name))} on PyNN backend '{Backend(settings)}'")}

            {TryThis(settings, silo.GrpcUrl, secrets.UserToken)}
              Watch it on {silo.DashboardUrl}/dashboard.
            Ctrl-C stops the platform and its PostgreSQL; the next start finds its jobs again.
            """);

        await app.WaitForShutdownAsync();

        // Adapters first: their running jobs are killed and reported while the gateway still listens.
        await Task.WhenAll(adapters.Select(a => a.StopAsync()));
        foreach (var adapter in adapters)
        {
            adapter.Dispose();
        }

        await app.DisposeAsync();
        return 0;
    }

    // With the nmpi tool built (deploy/local/run.sh does), a real PyNN run end to end; else the raw gRPC call.
    private static string TryThis(IConfiguration settings, string grpcUrl, string token) =>
        settings["Nmpi:Local:Cli"] is { Length: > 0 } cli && settings["Nmpi:Local:Example"] is { Length: > 0 } example
            ? $"Try: {cli} run {example} -p SpiNNaker -c {Collab} --server {grpcUrl} --token {token}"
            : $"Try: send a SubmitJob to {grpcUrl} with the header \"authorization: Bearer {token}\".";

    private static string Backend(IConfiguration settings) => settings["Nmpi:Local:Backend"] ?? "brian2";

    // One adapter per platform, each with its own work directory under the data directory; Nmpi:Local:Adapter:*
    // settings (e.g. Capacity, MemoryLimit) apply to all four.
    private static async Task<IReadOnlyList<IHost>> StartAdaptersAsync(IConfiguration settings, string dataDirectory, string grpcUrl, string adapterKey)
    {
        // Brian2's code compiled once (deploy/local/run.sh warms it): read-only in jobs, each compiling new models into its own.
        var brian2Cache = Environment.GetEnvironmentVariable("CYTHON_CACHE_DIR") is { Length: > 0 } cache
            ? cache
            : Path.Combine(dataDirectory, "brian2-cache");
        Directory.CreateDirectory(brian2Cache);
        var hosts = new List<IHost>();
        foreach (var platform in PlatformCatalog.All)
        {
            var adapter = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Nmpi:Adapter:GatewayUrl"] = grpcUrl,
                ["Nmpi:Adapter:ApiKey"] = adapterKey,
                ["Nmpi:Adapter:Name"] = $"local-{platform.Name.ToLowerInvariant()}",
                ["Nmpi:Adapter:Platform"] = platform.Name,
                ["Nmpi:Adapter:Backend"] = Backend(settings),
                ["Nmpi:Adapter:WorkDirectory"] = Path.Combine(dataDirectory, "jobs", platform.Name),
                ["Nmpi:Adapter:SharedCythonCache"] = brian2Cache,
            };
            foreach (var (key, value) in settings.GetSection("Nmpi:Local:Adapter").AsEnumerable(makePathsRelative: true))
            {
                if (value is not null)
                {
                    adapter[$"Nmpi:Adapter:{key}"] = value;
                }
            }

            Directory.CreateDirectory(adapter["Nmpi:Adapter:WorkDirectory"]!);
            var host = SiteAdapterHostBuilder.Build(adapter, logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
            await host.StartAsync();
            hosts.Add(host);
        }

        return hosts;
    }
}
