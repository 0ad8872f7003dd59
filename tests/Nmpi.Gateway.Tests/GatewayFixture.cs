using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Nmpi.Gateway.Tests;

/// <summary>The gateway on real Kestrel over loopback (h2c for gRPC, HTTP/1.1 for capability URLs), without a cluster.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly bool _reflection;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    public GatewayFixture()
        : this(reflection: true)
    {
    }

    /// <summary>A gateway with settings and services of the test's own on top of the usual ones.</summary>
    internal GatewayFixture(bool reflection, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _reflection = reflection;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
    }

    public string ArtifactDirectory { get; } = Path.Combine(Path.GetTempPath(), "nmpi-gw-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public GrpcChannel Channel { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var auth = TestAuth.Options();
        var settings = new Dictionary<string, string?>
        {
            ["Nmpi:Gateway:ArtifactDirectory"] = ArtifactDirectory,
            ["Nmpi:Gateway:CapabilityBaseAddress"] = "http://127.0.0.1:1",
            ["Nmpi:Gateway:SigningKey"] = Convert.ToBase64String(new byte[48]),
            ["Nmpi:Gateway:MaxOutputFileBytes"] = "16",
            ["Nmpi:Gateway:GrpcReflection"] = _reflection ? "true" : "false",
            ["Nmpi:Auth:AdapterKeys:0:Key"] = auth.AdapterKeys[0].Key,
            ["Nmpi:Auth:AdapterKeys:0:Site"] = auth.AdapterKeys[0].Site,
        };
        for (var i = 0; i < auth.AdapterKeys[0].Platforms.Count; i++)
        {
            settings[$"Nmpi:Auth:AdapterKeys:0:Platforms:{i}"] = auth.AdapterKeys[0].Platforms[i];
        }

        for (var i = 0; i < auth.Users.Count; i++)
        {
            settings[$"Nmpi:Auth:Users:{i}:Token"] = auth.Users[i].Token;
            settings[$"Nmpi:Auth:Users:{i}:UserId"] = auth.Users[i].UserId;
            settings[$"Nmpi:Auth:Users:{i}:Admin"] = auth.Users[i].Admin.ToString();
            foreach (var (collab, role) in auth.Users[i].Collabs)
            {
                settings[$"Nmpi:Auth:Users:{i}:Collabs:{collab}"] = role;
            }
        }

        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton(FailingGrainFactory.Create());
        builder.Services.AddNmpiGateway(builder.Configuration);
        _services?.Invoke(builder.Services);

        _app = builder.Build();
        _app.MapNmpiGateway();
        await _app.StartAsync();

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        Channel = GrpcChannel.ForAddress(addresses[0]);
        Http = new HttpClient { BaseAddress = new Uri(addresses[1]) };
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(ArtifactDirectory))
        {
            Directory.Delete(ArtifactDirectory, recursive: true);
        }
    }

    public static Metadata User(string token) => new() { { "authorization", $"Bearer {token}" } };

    public static Metadata Adapter(string key) => new() { { "x-api-key", key } };
}
