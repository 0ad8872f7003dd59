using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Nmpi.Api.V1;
using Nmpi.Silo.Hosting;
// The site adapter library's namespace (Nmpi.Adapters) would otherwise shadow the generated Adapters service class.
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// A whole platform in the test process: one silo co-hosting the gateway on free loopback ports, over a
/// fresh database of the shared test PostgreSQL. Real Orleans, real PostgreSQL, real gRPC.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    public const string AliceToken = "token-alice-0123456789";
    public const string BobToken = "token-bob-0123456789";
    public const string CarolToken = "token-carol-0123456789";
    public const string AdminToken = "token-admin-0123456789";
    public const string SiteKey = "key-site-hd-0123456789";
    public const string OtherSiteKey = "key-site-mcr-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    private PlatformHost(Dictionary<string, string?> settings, string connectionString, string artifacts)
    {
        _settings = settings;
        ConnectionString = connectionString;
        ArtifactDirectory = artifacts;
        GrpcUrl = settings["Nmpi:Silo:GrpcUrl"]!;
        HttpUrl = settings["Nmpi:Silo:HttpUrl"]!;
        Channel = GrpcChannel.ForAddress(GrpcUrl, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
    }

    public string ConnectionString { get; }

    public string ArtifactDirectory { get; }

    public string GrpcUrl { get; }

    public string HttpUrl { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The running silo's services (e.g. to call a cluster service directly).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The silo is stopped.");

    /// <summary>Starts a platform on a new database; settings may override timing for the test.</summary>
    public static async Task<PlatformHost> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? overrides = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("e2e");
        var artifacts = Directory.CreateTempSubdirectory("nmpi-artifacts-").FullName;
        var httpPort = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = connectionString,
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Nmpi:Silo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nmpi:Silo:GrpcUrl"] = $"http://127.0.0.1:{FreePort()}",
            ["Nmpi:Silo:HttpUrl"] = $"http://127.0.0.1:{httpPort}",
            ["Nmpi:Silo:DashboardUrl"] = "",
            ["Nmpi:Gateway:ArtifactDirectory"] = artifacts,
            ["Nmpi:Gateway:CapabilityBaseAddress"] = $"http://127.0.0.1:{httpPort}",
            ["Nmpi:Gateway:SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()),
            ["Nmpi:Scheduling:SweepInterval"] = "00:00:00.200",
            ["Nmpi:Scheduling:ResyncInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddUser(settings, 0, AliceToken, "alice", ("neuro", "editor"));
        AddUser(settings, 1, BobToken, "bob", ("neuro", "viewer"));
        AddUser(settings, 2, CarolToken, "carol", ("other", "editor"));
        AddUser(settings, 3, AdminToken, "admin", admin: true);
        AddSite(settings, 0, SiteKey, "hd", "BrainScaleS", "BrainScaleS-ESS", "SpiNNaker", "Spikey");
        AddSite(settings, 1, OtherSiteKey, "mcr", "SpiNNaker");
        AddGrants(settings, 0, 1_000_000, "neuro", "other");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new PlatformHost(settings, connectionString, artifacts);
        await host.StartSiloAsync();
        return host;
    }

    /// <summary>Stops the silo (as a shutdown would) without dropping the database.</summary>
    public async Task StopSiloAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts the silo again on the same database and ports.</summary>
    public async Task StartSiloAsync()
    {
        _app = await SiloRunner.StartAsync([], configuration => configuration.AddInMemoryCollection(_settings));
    }

    /// <summary>A Jobs client that sends the user's bearer token.</summary>
    public Jobs.JobsClient Jobs(string token) =>
        new(Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    /// <summary>An Adapters client that sends the site's API key.</summary>
    public AdaptersClient Adapters(string key = SiteKey) =>
        new(Channel.Intercept(headers =>
        {
            headers.Add("x-api-key", key);
            return headers;
        }));

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        Channel.Dispose();
        Directory.Delete(ArtifactDirectory, recursive: true);
    }

    /// <summary>A free loopback port for a server that is told its port (see <see cref="TestPorts"/>).</summary>
    public static int FreePort() => TestPorts.Next();

    private static void AddUser(Dictionary<string, string?> settings, int index, string token, string user, params (string Collab, string Role)[] roles) =>
        AddUser(settings, index, token, user, admin: false, roles);

    private static void AddUser(Dictionary<string, string?> settings, int index, string token, string user, bool admin, params (string Collab, string Role)[] roles)
    {
        settings[$"Nmpi:Auth:Users:{index}:Token"] = token;
        settings[$"Nmpi:Auth:Users:{index}:UserId"] = user;
        settings[$"Nmpi:Auth:Users:{index}:Admin"] = admin ? "true" : "false";
        foreach (var (collab, role) in roles)
        {
            settings[$"Nmpi:Auth:Users:{index}:Collabs:{collab}"] = role;
        }
    }

    /// <summary>Generous start-up quotas on every platform, so tests that are not about quotas never meet one.</summary>
    public static void AddGrants(IDictionary<string, string?> settings, int firstIndex, decimal limit, params string[] collabs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var index = firstIndex;
        foreach (var collab in collabs)
        {
            foreach (var platform in Nmpi.Api.Platforms.PlatformCatalog.All)
            {
                settings[$"Nmpi:Quotas:Grants:{index}:Collab"] = collab;
                settings[$"Nmpi:Quotas:Grants:{index}:Platform"] = platform.Name;
                settings[$"Nmpi:Quotas:Grants:{index}:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                index++;
            }
        }
    }

    private static void AddSite(Dictionary<string, string?> settings, int index, string key, string site, params string[] platforms)
    {
        settings[$"Nmpi:Auth:AdapterKeys:{index}:Key"] = key;
        settings[$"Nmpi:Auth:AdapterKeys:{index}:Site"] = site;
        for (var i = 0; i < platforms.Length; i++)
        {
            settings[$"Nmpi:Auth:AdapterKeys:{index}:Platforms:{i}"] = platforms[i];
        }
    }
}
