using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Nmpi.Chaos.Platform;

/// <summary>
/// The platform under test as real processes from the built binaries, configured as deploy/cluster configures them:
/// silos without co-hosted gateways and with fast failure detection, separate gateway processes, and site adapters
/// (mock backend, the bubblewrap sandbox) whose jobs may write only the ledger directory outside their own.
/// </summary>
public sealed class ChaosCluster
{
    /// <summary>The collab the load submits to.</summary>
    public const string Collab = "chaos";

    /// <summary>The hardware platform of the jobs and the adapters.</summary>
    public const string Platform = "SpiNNaker";

    private ChaosCluster(string clusterId, string token, IReadOnlyList<string> gatewayUrls, IReadOnlyList<int> siloPorts, IReadOnlyList<ChaosProcess> silos, IReadOnlyList<ChaosProcess> gateways, IReadOnlyList<ChaosProcess> adapters)
    {
        ClusterId = clusterId;
        Token = token;
        GatewayUrls = gatewayUrls;
        SiloPorts = siloPorts;
        Silos = silos;
        Gateways = gateways;
        Adapters = adapters;
    }

    /// <summary>The Orleans cluster id (unique per run).</summary>
    public string ClusterId { get; }

    /// <summary>The bearer token of the user who submits the load.</summary>
    public string Token { get; }

    /// <summary>The gRPC address of each gateway; fixed across restarts.</summary>
    public IReadOnlyList<string> GatewayUrls { get; }

    /// <summary>The Orleans silo-to-silo port of each silo (its identity in the membership table).</summary>
    public IReadOnlyList<int> SiloPorts { get; }

    /// <summary>The silo processes.</summary>
    public IReadOnlyList<ChaosProcess> Silos { get; }

    /// <summary>The gateway processes.</summary>
    public IReadOnlyList<ChaosProcess> Gateways { get; }

    /// <summary>The site adapter processes.</summary>
    public IReadOnlyList<ChaosProcess> Adapters { get; }

    /// <summary>Every process, gateways first (they wait for the silos).</summary>
    public IEnumerable<ChaosProcess> All => Gateways.Concat(Silos).Concat(Adapters);

    /// <summary>Lays the processes out (nothing starts yet).</summary>
    public static ChaosCluster Create(ChaosOptions options, string root, string configuration, string directory, string connectionString, string ledgerDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        string Binary(string project, string dll)
        {
            var path = Path.GetFullPath(Path.Combine(root, project, "bin", configuration, "net10.0", dll));
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build {project} ({configuration}) first.");
        }

        var (silo, gateway, adapter) = (Binary("silo/Nmpi.Silo", "nmpi-silo.dll"), Binary("gateway/Nmpi.Gateway.Host", "nmpi-gateway.dll"), Binary("hardware-adapters/Nmpi.Adapters.Host", "nmpi-adapter.dll"));
        var clusterId = $"chaos-{Guid.NewGuid():N}";
        var token = Secret();
        var siteKey = Secret();
        var heartbeat = options.Lease / 3;
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__Nmpi"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = "nmpi",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Nmpi__Jobs__LeaseDuration"] = options.Lease.ToString("c", CultureInfo.InvariantCulture),
            ["Nmpi__Jobs__HeartbeatInterval"] = heartbeat.ToString("c", CultureInfo.InvariantCulture),
            ["Nmpi__Auth__Users__0__Token"] = token,
            ["Nmpi__Auth__Users__0__UserId"] = "chaos-user",
            ["Nmpi__Auth__Users__0__Admin"] = "false",
            [$"Nmpi__Auth__Users__0__Collabs__{Collab}"] = "editor",
            ["Nmpi__Quotas__Grants__0__Collab"] = Collab,
            ["Nmpi__Quotas__Grants__0__Platform"] = Platform,
            ["Nmpi__Quotas__Grants__0__Limit"] = "100000000",
            ["Nmpi__Auth__AdapterKeys__0__Key"] = siteKey,
            ["Nmpi__Auth__AdapterKeys__0__Site"] = "chaos",
            ["Nmpi__Auth__AdapterKeys__0__Platforms__0"] = Platform,
            // Workstation GC: a dozen .NET processes share two cores here.
            ["DOTNET_gcServer"] = "0",
        };

        var siloPorts = new List<int>();
        var silos = Enumerable.Range(1, options.Silos).Select(i =>
        {
            var port = FreePort();
            siloPorts.Add(int.Parse(port, CultureInfo.InvariantCulture));
            var ports = new Dictionary<string, string>(common)
            {
                ["Nmpi__Silo__SiloPort"] = port,
                ["Nmpi__Silo__GatewayPort"] = FreePort(),
                ["Nmpi__Silo__HostGateway"] = "false",
                ["Nmpi__Silo__FastFailureDetection"] = "true",
                ["Nmpi__Silo__DashboardUrl"] = "",
            };
            return new ChaosProcess($"silo{i}", silo, directory, _ => ports);
        }).ToList();

        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var artifacts = Path.Combine(directory, "artifacts");
        var urls = new List<string>();
        var gateways = Enumerable.Range(1, options.Gateways).Select(i =>
        {
            var http = $"http://127.0.0.1:{FreePort()}";
            var grpc = $"http://127.0.0.1:{FreePort()}";
            urls.Add(grpc);
            var settings = new Dictionary<string, string>(common)
            {
                ["Nmpi__Gateway__GrpcUrl"] = grpc,
                ["Nmpi__Gateway__HttpUrl"] = http,
                ["Nmpi__Gateway__CapabilityBaseAddress"] = http,
                ["Nmpi__Gateway__ArtifactDirectory"] = artifacts,
                ["Nmpi__Gateway__SigningKey"] = signingKey,
            };
            return new ChaosProcess($"gateway{i}", gateway, directory, _ => settings);
        }).ToList();

        var keyFile = Path.Combine(directory, "adapter.key");
        File.WriteAllText(keyFile, siteKey + "\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var adapters = Enumerable.Range(1, options.Adapters).Select(i =>
        {
            var name = $"adapter{i}";
            var work = Path.Combine(directory, name, "jobs");
            Directory.CreateDirectory(work);
            return new ChaosProcess(name, adapter, directory, incarnation => new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Information",
                ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
                // Each adapter knows every gateway's address, its own first, and moves to the next when the one in use is gone.
                ["Nmpi__Adapter__GatewayUrl"] = string.Join(',', urls.Skip((i - 1) % urls.Count).Concat(urls.Take((i - 1) % urls.Count))),
                ["Nmpi__Adapter__ApiKeyFile"] = keyFile,
                ["Nmpi__Adapter__Name"] = name,
                ["Nmpi__Adapter__Platform"] = Platform,
                ["Nmpi__Adapter__Capacity"] = options.Capacity.ToString(CultureInfo.InvariantCulture),
                ["Nmpi__Adapter__WorkDirectory"] = work,
                ["Nmpi__Adapter__PollWait"] = "00:00:02",
                ["Nmpi__Adapter__KillGrace"] = "00:00:01",
                ["Nmpi__Adapter__WritablePaths__0"] = ledgerDirectory,
                // The job writes which adapter start ran it into the ledger (the ledger's adapter column).
                ["Nmpi__Adapter__JobEnvironment__CHAOS_ADAPTER"] = $"{name}.{incarnation}",
                ["DOTNET_gcServer"] = "0",
            });
        }).ToList();

        return new ChaosCluster(clusterId, token, urls, siloPorts, silos, gateways, adapters);
    }

    /// <summary>Starts every process (the gateways first).</summary>
    public void StartAll()
    {
        foreach (var process in All)
        {
            process.Start();
        }
    }

    /// <summary>Stops the adapters, then the gateways, then the silos, each with SIGTERM and a grace period.</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(Adapters.Select(a => a.StopAsync(TimeSpan.FromSeconds(30))));
        await Task.WhenAll(Gateways.Select(g => g.StopAsync(TimeSpan.FromSeconds(20))));
        await Task.WhenAll(Silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(20))));
    }

    /// <summary>
    /// The newest membership row of the silo on a port: its generation and status (3 Active, 6 Dead); null when the
    /// database does not answer or the silo never joined.
    /// </summary>
    public async Task<(int Generation, int Status)?> NewestGenerationAsync(string connectionString, int siloIndex)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT generation, status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
            query.Parameters.AddWithValue("cluster", ClusterId);
            query.Parameters.AddWithValue("port", SiloPorts[siloIndex]);
            await using var reader = await query.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
