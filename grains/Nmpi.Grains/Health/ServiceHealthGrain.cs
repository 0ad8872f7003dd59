using Nmpi.GrainInterfaces.Health;
using Nmpi.GrainInterfaces.Scheduling;
using Npgsql;

namespace Nmpi.Grains.Health;

/// <summary>Probes the database with one trivial query and asks each platform's scheduler for its online sites.</summary>
[StatelessWorker, Reentrant]
public sealed class ServiceHealthGrain(NpgsqlDataSource db) : Grain, IServiceHealthGrain
{
    // Short: a database that needs longer than this for SELECT 1 is not serving jobs either.
    private const int ProbeTimeoutSeconds = 3;

    public async Task<ServiceHealth> ProbeAsync(IReadOnlyList<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        var reachable = await DatabaseAnswersAsync();
        var counts = await Task.WhenAll(platforms.Select(p => GrainFactory.GetGrain<IPlatformSchedulerGrain>(p).CountOnlineAdaptersAsync()));
        return new ServiceHealth(reachable, [.. platforms.Where((_, i) => counts[i] == 0)]);
    }

    private async Task<bool> DatabaseAnswersAsync()
    {
        try
        {
            await using var command = db.CreateCommand("SELECT 1");
            command.CommandTimeout = ProbeTimeoutSeconds;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(ProbeTimeoutSeconds));
            return await command.ExecuteScalarAsync(timeout.Token) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }
}
