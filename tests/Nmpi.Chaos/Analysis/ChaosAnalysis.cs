using Nmpi.Api.V1;

namespace Nmpi.Chaos.Analysis;

/// <summary>Turns the ledger, the platform's final word on each job, the submit answers and the faults into findings.</summary>
public static class ChaosAnalysis
{
    // A run ticks every second: one that was killed with its adapter writes nothing later than this after the kill.
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(1);

    /// <summary>Analyses one run.</summary>
    public static ChaosFindings Analyse(ChaosInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var byKey = input.Outcomes.GroupBy(o => o.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var lost = new List<string>();
        var duplicates = new Dictionary<string, IReadOnlySet<long>>(StringComparer.Ordinal);
        foreach (var (key, answered) in input.Acknowledged)
        {
            var jobs = byKey.GetValueOrDefault(key) ?? [];
            var ids = answered.Concat(jobs.Select(j => j.JobId)).ToHashSet();
            if (ids.Count > 1)
            {
                duplicates[key] = ids;
            }

            if (!jobs.Any(j => j.Status == JobStatus.Finished))
            {
                lost.Add(jobs.Count == 0
                    ? $"{key} (job {string.Join(", ", answered)} not found)"
                    : $"{key} (job {jobs[0].JobId} {jobs[0].Status} {jobs[0].Failure} {jobs[0].FailureMessage})".TrimEnd());
            }
        }

        var concurrent = new List<ConcurrentRun>();
        var reruns = new List<Rerun>();
        foreach (var (key, runs) in input.Runs)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                for (var j = i + 1; j < runs.Count; j++)
                {
                    if (runs[i].Overlaps(runs[j]))
                    {
                        concurrent.Add(new ConcurrentRun(key, runs[i], runs[j]));
                    }
                }

                // Each run after the first is a rerun of the one before it, unless the two overlapped (counted above).
                if (i > 0 && !runs[i - 1].Overlaps(runs[i]))
                {
                    reruns.Add(new Rerun(key, runs[i - 1], runs[i], CauseOf(runs[i - 1], runs[i], input.Faults, input.Lease)));
                }
            }
        }

        var blamed = input.Outcomes
            .Where(o => o.Status == JobStatus.Error && o.Failure == FailureReason.UserCodeError)
            .Where(o => input.Runs.GetValueOrDefault(o.Key) is not { Count: > 0 } runs || runs.Any(r => r.Ended))
            .ToList();

        var adapterKills = input.Faults.Where(f => f.Kind == FaultKind.Adapter).ToList();
        var outlived = input.Runs.Values.SelectMany(r => r)
            .Where(run => adapterKills.Any(k => k.Target == run.Adapter && run.LastSeen > k.At + KillGrace))
            .ToList();

        return new ChaosFindings
        {
            Lost = lost,
            Stuck = [.. input.Outcomes.Where(o => !o.Terminal)],
            Duplicates = duplicates,
            Concurrent = concurrent,
            Reruns = reruns,
            Blamed = blamed,
            OutlivedTheirAdapter = outlived,
        };
    }

    /// <summary>Why <paramref name="later"/> ran after <paramref name="earlier"/>: its adapter's death, else the last other fault near it.</summary>
    public static RerunCause CauseOf(LedgerRun earlier, LedgerRun later, IReadOnlyList<FaultEvent> faults, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        ArgumentNullException.ThrowIfNull(faults);
        if (faults.FirstOrDefault(f => f.Kind == FaultKind.Adapter && f.Target == earlier.Adapter && f.At >= earlier.Start && f.At <= later.Start) is { } kill)
        {
            return earlier.End is { } end && end <= kill.At ? RerunCause.AdapterKilledAfterTheScriptEnded : RerunCause.AdapterKilledMidRun;
        }

        // A lease lapses up to one lease after the fault that stopped the heartbeats, so look that far back.
        var near = faults.Where(f => f.Kind != FaultKind.Adapter && f.At >= earlier.Start - lease && f.At <= later.Start).MaxBy(f => f.At);
        return near?.Kind switch
        {
            FaultKind.Silo => RerunCause.SiloKill,
            FaultKind.Gateway => RerunCause.GatewayKill,
            FaultKind.Postgres => RerunCause.PostgresCrash,
            _ => RerunCause.NoFault,
        };
    }
}
