using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.Hosting;
using Orleans.Configuration;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>A real Orleans silo in this process on the ADO.NET providers, on free loopback ports.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    /// <summary>The grain storage the test grains use.</summary>
    public const string StorageName = "nmpi-test-store";

    /// <summary>The same storage with DeleteStateOnClear, which runs DeleteStorageKey.</summary>
    public const string DeletingStorageName = "nmpi-test-store-deleting";

    private const string Invariant = "Npgsql";
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, int siloPort, int gatewayPort)
    {
        _host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo of <paramref name="clusterId"/>; returns once it is active in the cluster.</summary>
    public static async Task<TestSilo> StartAsync(string connectionString, string clusterId, string serviceId = "nmpi-tests")
    {
        var siloPort = PlatformHost.FreePort();
        var gatewayPort = PlatformHost.FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrainInterfaceTypeCache();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageName, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(DeletingStorageName, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
                options.DeleteStateOnClear = true;
            });
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            // The default one-minute minimum would make a reminder test take minutes.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
        });

        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, siloPort, gatewayPort);
    }

    /// <summary>Shuts the silo down gracefully (its membership row becomes Dead).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
