using System.Globalization;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Npgsql;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// One nmpi-silo process that also serves the gateway, on a database it is given and free loopback ports, for
/// tests that start it while its database is down. Its output stays in files until the test ends.
/// </summary>
public sealed class StandaloneSilo : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _siloPort;

    private StandaloneSilo(string directory, string connectionString, string clusterId, int siloPort, string grpcUrl, ClusterProcess process)
    {
        _directory = directory;
        ConnectionString = connectionString;
        ClusterId = clusterId;
        _siloPort = siloPort;
        GrpcUrl = grpcUrl;
        Process = process;
        Channel = GrpcChannel.ForAddress(grpcUrl);
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public string GrpcUrl { get; }

    public GrpcChannel Channel { get; }

    public ClusterProcess Process { get; }

    /// <summary>Prepares (does not start) a silo on the database; <paramref name="overrides"/> add configuration.</summary>
    public static StandaloneSilo Prepare(string connectionString, IDictionary<string, string?>? overrides = null)
    {
        var directory = Directory.CreateTempSubdirectory("nmpi-silo-").FullName;
        var clusterId = $"start-{Guid.NewGuid():N}";
        var siloPort = PlatformHost.FreePort();
        var httpUrl = $"http://127.0.0.1:{PlatformHost.FreePort()}";
        var grpcUrl = $"http://127.0.0.1:{PlatformHost.FreePort()}";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = "nmpi",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Nmpi:Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GatewayPort"] = PlatformHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GrpcUrl"] = grpcUrl,
            ["Nmpi:Silo:HttpUrl"] = httpUrl,
            ["Nmpi:Silo:DashboardUrl"] = "",
            ["Nmpi:Gateway:CapabilityBaseAddress"] = httpUrl,
            ["Nmpi:Gateway:ArtifactDirectory"] = Path.Combine(directory, "artifacts"),
            ["Nmpi:Gateway:SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 5 + 3)).ToArray()),
            ["Nmpi:Auth:Users:0:Token"] = PlatformHost.AliceToken,
            ["Nmpi:Auth:Users:0:UserId"] = "alice",
            ["Nmpi:Auth:Users:0:Admin"] = "false",
            ["Nmpi:Auth:Users:0:Collabs:neuro"] = "editor",
            // Short pauses between start-up attempts, so the test does not wait out the production back-off.
            ["Nmpi:Startup:FirstRetryDelay"] = "00:00:00.500",
            ["Nmpi:Startup:MaxRetryDelay"] = "00:00:02",
        };
        PlatformHost.AddGrants(settings, 0, 1_000_000, "neuro");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["DOTNET_gcServer"] = "0";
        var process = new ClusterProcess("silo", Path.Combine(AppContext.BaseDirectory, "nmpi-silo.dll"), directory, environment, []);
        return new StandaloneSilo(directory, connectionString, clusterId, siloPort, grpcUrl, process);
    }

    /// <summary>A Jobs client that sends alice's bearer token.</summary>
    public Jobs.JobsClient AliceJobs() =>
        new(Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(Channel.CreateCallInvoker(), headers =>
        {
            headers.Add("authorization", $"Bearer {PlatformHost.AliceToken}");
            return headers;
        }));

    /// <summary>Whether the silo's output shows it waiting for a start-up retry (its event 200 line).</summary>
    public bool HasLoggedARetry() => File.Exists(Process.StdoutPath) && ReadShared(Process.StdoutPath).Contains("Silo start-up is waiting for", StringComparison.Ordinal);

    /// <summary>The newest membership status of this silo (3 Active), or null while there is none or no database.</summary>
    public async Task<int?> MembershipStatusAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
            query.Parameters.AddWithValue("cluster", ClusterId);
            query.Parameters.AddWithValue("port", _siloPort);
            return await query.ExecuteScalarAsync() as int?;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.KillAsync();
        Channel.Dispose();
        if (Environment.GetEnvironmentVariable("NMPI_TEST_KEEP_LOGS") != "1")
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
