using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nmpi.Gateway;
using Nmpi.Gateway.Host;
using Nmpi.Gateway.Transport;
using Nmpi.GrainInterfaces.Hosting;

// The standalone gateway: an Orleans client of the silo cluster serving gRPC (h2c), the web and REST (HTTP/1.1), and optionally both over HTTPS.
var builder = WebApplication.CreateBuilder(args);
Nmpi.Gateway.Logging.ConsoleLogDefaults.Apply(builder.Configuration);
var config = builder.Configuration;

builder.Services.AddGrainInterfaceTypeCache();
builder.UseOrleansClient(client =>
{
    client.Configure<Orleans.Configuration.ClusterOptions>(o =>
    {
        o.ClusterId = config["Orleans:ClusterId"] ?? throw new InvalidOperationException("Orleans:ClusterId is required.");
        o.ServiceId = config["Orleans:ServiceId"] ?? throw new InvalidOperationException("Orleans:ServiceId is required.");
    });
    client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = config.GetConnectionString("Nmpi") ?? throw new InvalidOperationException("ConnectionStrings:Nmpi is required.");
    });
    client.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
    ClientTransport.UseClusterTls(client, config);

    // Learn of silos that joined after the connect (or came back) within seconds, not the default minute:
    // a gateway that knows only one silo has no one else to turn to when that silo dies.
    client.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
});

// gRPC needs HTTP/2 and browsers fetching capability URLs speak HTTP/1.1; without TLS (no ALPN) each needs its own endpoint.
// The optional HTTPS endpoint serves both on one port; its certificate is read now so a bad path stops the start.
var https = GatewayHttps.Load(config);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(Endpoint(config, "Nmpi:Gateway:GrpcUrl"), o => o.Protocols = HttpProtocols.Http2);
    kestrel.Listen(Endpoint(config, "Nmpi:Gateway:HttpUrl"), o => o.Protocols = HttpProtocols.Http1);
    https?.Listen(kestrel);
});

builder.Services.AddNmpiGateway(config);

var app = builder.Build();
app.UseNmpiGatewayTransport();
app.MapNmpiGateway();
app.Run();

static System.Net.IPEndPoint Endpoint(IConfiguration config, string key)
{
    var url = new Uri(config[key] ?? throw new InvalidOperationException($"{key} is required."));
    if (url.Host == "localhost")
    {
        return new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, url.Port);
    }

    return System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
        ? new System.Net.IPEndPoint(address, url.Port)
        : throw new InvalidOperationException($"{key} must use an IP address or localhost, not '{url.Host}'.");
}
