using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Npgsql;
// The site adapter library's namespace (Nmpi.Adapters) would otherwise shadow the generated Adapters service class.
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// The cluster layout of deploy/cluster as real OS processes: silos (nmpi-silo, no co-hosted gateway, fast
/// failure detection) and one nmpi-gateway process, from the binaries beside the test assembly, on a fresh
/// database, free loopback ports and a unique cluster id. Processes can be killed (SIGKILL) and restarted.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    // Generous: the two cores are shared with other builds and test runs (load averages of 30-48 seen).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _directory;

    private ProcessCluster(string directory, string connectionString, string clusterId, string grpcUrl, IReadOnlyList<ClusterProcess> silos, IReadOnlyList<int> siloPorts, ClusterProcess gateway)
    {
        _directory = directory;
        ConnectionString = connectionString;
        ClusterId = clusterId;
        GrpcUrl = grpcUrl;
        Silos = silos;
        SiloPorts = siloPorts;
        Gateway = gateway;
        Channel = GrpcChannel.ForAddress(grpcUrl);
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public string GrpcUrl { get; }

    public GrpcChannel Channel { get; }

    public IReadOnlyList<ClusterProcess> Silos { get; }

    /// <summary>The Orleans silo-to-silo port of each silo (its identity in the membership table).</summary>
    public IReadOnlyList<int> SiloPorts { get; }

    public ClusterProcess Gateway { get; }

    /// <summary>Starts the gateway, then the silos, on a new database, and waits until the gateway serves calls.</summary>
    public static async Task<ProcessCluster> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? overrides = null, int silos = 2)
    {
        var binaries = AppContext.BaseDirectory;
        foreach (var file in new[] { "nmpi-silo.dll", "nmpi-silo.runtimeconfig.json", "nmpi-gateway.dll", "nmpi-gateway.runtimeconfig.json", "nmpi-gateway.deps.json" })
        {
            if (!File.Exists(Path.Combine(binaries, file)))
            {
                throw new InvalidOperationException($"{file} is missing beside the tests in {binaries}; the test project references the silo and gateway hosts to put it there.");
            }
        }

        var connectionString = await postgres.CreateDatabaseAsync("proc");
        var directory = Directory.CreateTempSubdirectory("nmpi-cluster-").FullName;
        var clusterId = $"proc-{Guid.NewGuid():N}";
        var httpPort = PlatformHost.FreePort();
        var grpcUrl = $"http://127.0.0.1:{PlatformHost.FreePort()}";

        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = "nmpi",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Nmpi:Scheduling:SweepInterval"] = "00:00:00.200",
            ["Nmpi:Scheduling:ResyncInterval"] = "00:00:01",
            // The silos seed the configured users into the accounts tables; the gateway validates the same list.
            ["Nmpi:Auth:Users:0:Token"] = PlatformHost.AliceToken,
            ["Nmpi:Auth:Users:0:UserId"] = "alice",
            ["Nmpi:Auth:Users:0:Admin"] = "false",
            ["Nmpi:Auth:Users:0:Collabs:neuro"] = "editor",
        };
        // Every silo applies the same start-up grants; applying them at once is safe (an upsert per quota).
        PlatformHost.AddGrants(common, 0, 1_000_000, "neuro");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            common[key] = value;
        }

        var gateway = new Dictionary<string, string?>(common)
        {
            ["Nmpi:Gateway:GrpcUrl"] = grpcUrl,
            ["Nmpi:Gateway:HttpUrl"] = $"http://127.0.0.1:{httpPort}",
            ["Nmpi:Gateway:CapabilityBaseAddress"] = $"http://127.0.0.1:{httpPort}",
            ["Nmpi:Gateway:ArtifactDirectory"] = Path.Combine(directory, "artifacts"),
            ["Nmpi:Gateway:SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()),
            ["Nmpi:Auth:AdapterKeys:0:Key"] = PlatformHost.SiteKey,
            ["Nmpi:Auth:AdapterKeys:0:Site"] = "hd",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:0"] = "SpiNNaker",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:1"] = "BrainScaleS",
        };

        var siloProcesses = new List<ClusterProcess>();
        var siloPorts = new List<int>();
        for (var i = 0; i < silos; i++)
        {
            var siloPort = PlatformHost.FreePort();
            siloPorts.Add(siloPort);
            siloProcesses.Add(Process($"silo{i + 1}", "nmpi-silo.dll", directory, new Dictionary<string, string?>(common)
            {
                ["Nmpi:Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["Nmpi:Silo:GatewayPort"] = PlatformHost.FreePort().ToString(CultureInfo.InvariantCulture),
                ["Nmpi:Silo:HostGateway"] = "false",
                ["Nmpi:Silo:FastFailureDetection"] = "true",
                ["Nmpi:Silo:DashboardUrl"] = "",
            }));
        }

        var cluster = new ProcessCluster(directory, connectionString, clusterId, grpcUrl, siloProcesses, siloPorts, Process("gateway", "nmpi-gateway.dll", directory, gateway));
        try
        {
            await cluster.StartAllAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts every process that is not running (the gateway first: it must cope with silos coming later).</summary>
    public async Task StartAllAsync()
    {
        foreach (var process in Silos.Prepend(Gateway).Where(p => p.Pid is null))
        {
            process.Start();
        }

        await WaitUntilReadyAsync();
    }

    /// <summary>Kills one silo with SIGKILL, as a crash would.</summary>
    public Task KillSiloAsync(int index) => Silos[index].KillAsync();

    /// <summary>Starts a silo again on its ports and waits until it is active and the gateway serves calls.</summary>
    public async Task StartSiloAsync(int index)
    {
        Silos[index].Start();
        await WaitUntilReadyAsync();
    }

    /// <summary>Kills every process with SIGKILL at once.</summary>
    public Task KillAllAsync() => Task.WhenAll(Silos.Append(Gateway).Select(p => p.KillAsync()));

    /// <summary>Shuts every process down gracefully (SIGTERM), the gateway first.</summary>
    public async Task StopAllAsync()
    {
        await Gateway.StopAsync(TimeSpan.FromSeconds(20));
        await Task.WhenAll(Silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(20))));
    }

    /// <summary>Waits until the silo's membership row says Dead (how long failure detection took is the caller's to measure).</summary>
    public async Task WaitUntilDeclaredDeadAsync(int index, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (await MembershipStatusAsync(SiloPorts[index]) != 6)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Silos[index].Name} was not declared dead within {within}.{Environment.NewLine}{Diagnostics()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until every running silo is Active in the membership table and the gateway answers health and ListJobs.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var health = new Health.HealthClient(Channel);
        var jobs = Jobs(PlatformHost.AliceToken);
        var waitingFor = "the silos to become active";
        while (DateTime.UtcNow < deadline)
        {
            var exited = Silos.Append(Gateway).FirstOrDefault(p => p.Pid is null);
            if (exited is not null)
            {
                throw new InvalidOperationException($"{exited.Name} is not running (exit code {exited.ExitCode}).{Environment.NewLine}{Diagnostics()}");
            }

            try
            {
                var active = 0;
                for (var i = 0; i < Silos.Count; i++)
                {
                    active += await MembershipStatusAsync(SiloPorts[i]) == 3 ? 1 : 0;
                }

                if (active == Silos.Count)
                {
                    waitingFor = "gRPC health SERVING";
                    var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                    if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        waitingFor = "a ListJobs call to succeed";
                        await jobs.ListJobsAsync(new ListJobsRequest { PageSize = 1 }, deadline: DateTime.UtcNow.AddSeconds(10));
                        return;
                    }
                }
            }
            catch (RpcException e)
            {
                waitingFor += $" (last: {e.StatusCode} {e.Status.Detail})";
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Cluster {ClusterId} not ready within {StartTimeout}: waiting for {waitingFor}.{Environment.NewLine}{Diagnostics()}");
    }

    /// <summary>A Jobs client that sends the user's bearer token.</summary>
    public Jobs.JobsClient Jobs(string token) =>
        new(Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    /// <summary>An Adapters client that sends the site's API key.</summary>
    public AdaptersClient Adapters(string key = PlatformHost.SiteKey) =>
        new(Channel.Intercept(headers =>
        {
            headers.Add("x-api-key", key);
            return headers;
        }));

    /// <summary>The tails of every process's output, for failure messages.</summary>
    public string Diagnostics() => string.Join(Environment.NewLine, Silos.Append(Gateway).Select(p => p.Tail()));

    /// <summary>Runs a test body and, when it fails, rethrows with the processes' output tails attached.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            await body();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.GetType().Name}: {e.Message}{Environment.NewLine}{Diagnostics()}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAllAsync();
        Channel.Dispose();

        // NMPI_TEST_KEEP_LOGS=1 keeps the processes' output for a look after a run that passed.
        if (Environment.GetEnvironmentVariable("NMPI_TEST_KEEP_LOGS") != "1")
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The status of the newest generation of the silo on the port (3 Active, 6 Dead), or null.</summary>
    private async Task<int?> MembershipStatusAsync(int port)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1",
            connection);
        query.Parameters.AddWithValue("cluster", ClusterId);
        query.Parameters.AddWithValue("port", port);
        try
        {
            return await query.ExecuteScalarAsync() as int?;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The first silo has not applied the schema yet.
            return null;
        }
    }

    private static ClusterProcess Process(string name, string assembly, string directory, Dictionary<string, string?> settings)
    {
        // Configuration travels as ASP.NET Core environment variables (Nmpi__Silo__SiloPort), as in deploy/cluster.
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");

        // Workstation GC: three servers and the tests share two cores here; server GC would add a heap and threads per core.
        environment["DOTNET_gcServer"] = "0";
        return new ClusterProcess(name, Path.Combine(AppContext.BaseDirectory, assembly), directory, environment, []);
    }
}
