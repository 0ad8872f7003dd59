using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// The HTTP server of a silo that serves neither the gateway nor the dashboard: it opens no socket. Kestrel
/// with no endpoint would bind its default http://localhost:5000, and the second such silo on a host would fail.
/// </summary>
internal sealed class NoHttpServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
