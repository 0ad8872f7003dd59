using Nmpi.Chaos.Load;
using Nmpi.Chaos.Platform;

namespace Nmpi.Chaos;

/// <summary>
/// Injects the planned faults one at a time: each waits for its time and for the platform to be whole again (every
/// process running, every silo active), is injected, and is followed by a probe submit that times the recovery.
/// </summary>
public sealed class FaultInjector(ChaosCluster cluster, ChaosPostgres postgres, ChaosLoad load, TextWriter progress)
{
    private static readonly TimeSpan WholeWithin = TimeSpan.FromSeconds(120);

    private readonly List<FaultEvent> _faults = [];
    private readonly List<(FaultKind, TimeSpan?)> _recoveries = [];
    private readonly List<string> _skipped = [];

    /// <summary>The faults injected, in order.</summary>
    public IReadOnlyList<FaultEvent> Faults => _faults;

    /// <summary>The time from each fault to the next acknowledged submit (null: none came).</summary>
    public IReadOnlyList<(FaultKind Kind, TimeSpan? Recovery)> Recoveries => _recoveries;

    /// <summary>Faults not injected because the platform was not whole again in time.</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>Runs the plan from <paramref name="start"/>; faults not injected by <paramref name="end"/> (the load's end) are skipped.</summary>
    public async Task RunAsync(IReadOnlyList<FaultSchedule.Planned> plan, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var planned in plan)
        {
            if (DateTimeOffset.UtcNow > end)
            {
                // Waiting for the platform to be whole after each fault can push the plan past the load on a busy machine.
                _skipped.Add($"{planned.Kind} planned at +{planned.At.TotalSeconds:F0} s: the load had ended");
                continue;
            }

            var wait = start + planned.At - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (!await WaitUntilWholeAsync(cancellationToken))
            {
                _skipped.Add($"{planned.Kind} at +{planned.At.TotalSeconds:F0} s: the platform was not whole within {WholeWithin.TotalSeconds} s");
                continue;
            }

            var (fault, firstGateway) = await InjectAsync(planned, cancellationToken);
            _faults.Add(fault);
            var recovery = await load.ProbeAsync(fault.At, firstGateway, cancellationToken);
            _recoveries.Add((fault.Kind, recovery));
            progress.WriteLine($"{fault.At:HH:mm:ss} {fault.Kind} fault on {fault.Target}; submits acknowledged again after {(recovery is { } r ? $"{r.TotalSeconds:F1} s" : "never")}");
        }
    }

    /// <summary>Whether every process runs and every silo is active, waiting up to <paramref name="within"/> (two minutes) for it.</summary>
    public async Task<bool> WaitUntilWholeAsync(CancellationToken cancellationToken, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? WholeWithin);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (cluster.All.All(p => p.Running) && cluster.Silos.All(s => s.RunningFor > TimeSpan.FromSeconds(5)) && await AllSilosActiveAsync())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return false;
    }

    private async Task<bool> AllSilosActiveAsync()
    {
        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            if (await cluster.NewestGenerationAsync(postgres.ConnectionString, i) is not { Status: 3 })
            {
                return false;
            }
        }

        return true;
    }

    private async Task<(FaultEvent Fault, int FirstGateway)> InjectAsync(FaultSchedule.Planned planned, CancellationToken cancellationToken)
    {
        switch (planned.Kind)
        {
            case FaultKind.Postgres:
                var at = DateTimeOffset.UtcNow;
                await postgres.CrashAndRestartAsync(cancellationToken);
                return (new FaultEvent(at, FaultKind.Postgres, "postgres"), 0);
            default:
                var processes = planned.Kind switch
                {
                    FaultKind.Silo => cluster.Silos,
                    FaultKind.Gateway => cluster.Gateways,
                    _ => cluster.Adapters,
                };
                var victim = processes[planned.Target % processes.Count];
                var fault = new FaultEvent(DateTimeOffset.UtcNow, planned.Kind, $"{victim.Name}.{victim.Incarnation}");
                await victim.KillAsync();

                // After a gateway kill the probe starts on the dead gateway, as a client that used it would.
                return (fault, planned.Kind == FaultKind.Gateway ? planned.Target % processes.Count : 0);
        }
    }
}
