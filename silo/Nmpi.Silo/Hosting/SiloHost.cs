using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nmpi.Gateway;
using Nmpi.Gateway.Transport;
using Nmpi.GrainInterfaces.Hosting;
using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Nmpi.Silo.Hosting;

/// <summary>Builds a silo process: Orleans on PostgreSQL, the grains, and optionally the gateway and dashboard.</summary>
public static class SiloHost
{
    /// <summary>The ADO.NET invariant the Orleans providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Builds the web application of a silo from configuration (the schema must already be applied).</summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        Nmpi.Gateway.Logging.ConsoleLogDefaults.Apply(builder.Configuration);
        // Quiet defaults: Orleans and its retry pipeline log every placement at Information.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning)
            .AddFilter("Orleans.Hosting.SiloHostedService", LogLevel.Information)
            .AddFilter("Polly", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder.Configuration);
        var configuration = builder.Configuration;
        var options = configuration.GetSection("Nmpi:Silo").Get<SiloHostOptions>() ?? new SiloHostOptions();
        var connectionString = configuration.GetConnectionString("Nmpi")
            ?? throw new InvalidOperationException("ConnectionStrings:Nmpi is not set.");

        builder.Services.AddGrainInterfaceTypeCache();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = configuration["Orleans:ClusterId"] ?? "nmpi";
                cluster.ServiceId = configuration["Orleans:ServiceId"] ?? "nmpi";
            });
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            SiloTransport.UseClusterTls(silo, configuration, IPAddress.Parse(options.AdvertisedAddress));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage("nmpi", o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            if (options.FastFailureDetection)
            {
                silo.Configure<ClusterMembershipOptions>(m =>
                {
                    m.ProbeTimeout = TimeSpan.FromSeconds(1);
                    m.NumMissedProbesLimit = 2;
                    m.NumVotesForDeathDeclaration = 1;
                    m.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                    m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                });
            }

            if (!string.IsNullOrEmpty(options.DashboardUrl))
            {
                silo.AddDashboard(dashboard => dashboard.HideTrace = !options.DashboardShowsTrace);
            }

            silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<ILeaseSweeperGrain>(0).StartAsync());
        });

        builder.Services.AddNmpiGrains(configuration, connectionString);
        builder.Services.AddHostedService<LeaseSweeperKeeper>();
        if (options.HostGateway)
        {
            builder.Services.AddNmpiGateway(configuration);
        }

        // Read now so a missing or unreadable certificate stops the start with the setting's name.
        var https = options.HostGateway ? GatewayHttps.Load(configuration) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.HostGateway)
            {
                Listen(kestrel, options.GrpcUrl, HttpProtocols.Http2);
                Listen(kestrel, options.HttpUrl, HttpProtocols.Http1);
                https?.Listen(kestrel);
            }

            if (!string.IsNullOrEmpty(options.DashboardUrl))
            {
                Listen(kestrel, options.DashboardUrl, HttpProtocols.Http1);
            }
        });

        if (!options.HostGateway && string.IsNullOrEmpty(options.DashboardUrl))
        {
            builder.Services.AddSingleton<IServer, NoHttpServer>();
        }

        var app = builder.Build();
        if (options.HostGateway)
        {
            app.UseNmpiGatewayTransport();
            app.MapNmpiGateway();
        }

        if (!string.IsNullOrEmpty(options.DashboardUrl))
        {
            app.MapNmpiDashboard(options);
        }

        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url);
        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
        kestrel.Listen(address, uri.Port, listen => listen.Protocols = protocols);
    }
}
