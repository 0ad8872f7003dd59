using Microsoft.Extensions.Options;
using Nmpi.Silo.Storage;
using Npgsql;
using Orleans.Configuration;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Starts a silo: applies the schema migrations, retires its own crashed earlier incarnations from the membership
/// table, then starts Orleans and the endpoints.
/// </summary>
public static class SiloRunner
{
    /// <summary>Builds, migrates and starts a silo; the caller stops and disposes it.</summary>
    public static async Task<WebApplication> StartAsync(string[] args, Action<ConfigurationManager>? configure = null, CancellationToken cancellationToken = default)
    {
        var app = SiloHost.Build(args, configure);
        var migrator = new SchemaMigrator(
            app.Services.GetRequiredService<NpgsqlDataSource>(),
            app.Services.GetRequiredService<ILogger<SchemaMigrator>>());
        await migrator.MigrateAsync(cancellationToken: cancellationToken);
        var endpoint = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        await PredecessorRetirement.RetireAsync(
            app.Services.GetRequiredService<NpgsqlDataSource>(),
            app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            endpoint.AdvertisedIPAddress.ToString(),
            endpoint.SiloPort,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PredecessorRetirement)),
            cancellationToken);
        await app.StartAsync(cancellationToken);
        return app;
    }
}
