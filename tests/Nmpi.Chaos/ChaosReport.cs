using System.Globalization;
using Nmpi.Chaos.Analysis;

namespace Nmpi.Chaos;

/// <summary>Prints a run's summary and judges it against the hard targets.</summary>
public static class ChaosReport
{
    // Submits must be acknowledged again within these times after a fault (issue 15's targets); printed, not judged.
    private static readonly Dictionary<FaultKind, TimeSpan> RecoveryTargets = new()
    {
        [FaultKind.Silo] = TimeSpan.FromSeconds(5),
        [FaultKind.Gateway] = TimeSpan.FromSeconds(5),
        [FaultKind.Postgres] = TimeSpan.FromSeconds(10),
    };

    /// <summary>Prints the summary, one finding per line with its examples.</summary>
    public static void Print(ChaosSummary summary, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(output);
        var f = summary.Findings;
        var faults = string.Join(", ", summary.Faults.GroupBy(x => x.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        output.WriteLine("──── chaos summary");
        output.WriteLine($"load {summary.LoadTime.TotalSeconds:F0} s, drain {summary.DrainTime.TotalSeconds:F0} s; faults injected: {(faults.Length == 0 ? "none" : faults)}; skipped: {summary.SkippedFaults.Count}");
        Examples(output, summary.SkippedFaults);
        output.WriteLine($"submitted {summary.Submitted} keys, acknowledged {summary.Acknowledged}, failed attempts retried {summary.FailedAttempts}, re-sent {summary.Resent}, refused {summary.Refused.Count}, never acknowledged {summary.NeverAcknowledged.Count}");
        Examples(output, summary.Refused);
        Examples(output, summary.NeverAcknowledged);
        output.WriteLine($"jobs listed {summary.Jobs}, runs in the ledger {summary.Runs}, unreadable ledger lines {summary.BadLedgerLines}");
        output.WriteLine($"lost jobs: {f.Lost.Count}");
        Examples(output, f.Lost);
        output.WriteLine($"duplicates: {f.Duplicates.Count}");
        Examples(output, f.Duplicates.Select(d => $"{d.Key}: jobs {string.Join(", ", d.Value)}"));
        output.WriteLine($"concurrent runs: {f.Concurrent.Count}");
        Examples(output, f.Concurrent.Select(c => $"{c.Key}: {Describe(c.First)} and {Describe(c.Second)}"));
        output.WriteLine($"sequential reruns: {f.Reruns.Count} ({f.Reruns.Count(r => !r.Expected)} not explained by an adapter kill)");
        foreach (var cause in f.Reruns.GroupBy(r => r.Cause).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {cause.Key}: {cause.Count()} (user code ran to its end before: {cause.Count(r => r.Earlier.Ended)})");
        }

        Examples(output, f.Reruns.Where(r => !r.Expected).Select(r => $"{r.Key} {r.Cause}: {Describe(r.Earlier)} then {Describe(r.Later)}"));
        output.WriteLine($"orphaned processes: {summary.OrphansAtEnd.Count} alive after the end; {f.OutlivedTheirAdapter.Count} runs went on more than 1 s after their adapter's kill");
        Examples(output, summary.OrphansAtEnd);
        Examples(output, f.OutlivedTheirAdapter.Select(Describe));
        output.WriteLine($"stuck jobs: {f.Stuck.Count}");
        Examples(output, f.Stuck.Select(o => $"job {o.JobId} ({o.Key}) {o.Status}"));
        output.WriteLine($"platform errors blamed on users: {f.Blamed.Count}");
        Examples(output, f.Blamed.Select(o => $"job {o.JobId} ({o.Key}): {o.FailureMessage}"));
        output.WriteLine($"process exits not injected: {summary.Crashes.Count} ({summary.Crashes.Count(c => c.Contains(" silo", StringComparison.Ordinal))} silos)");
        Examples(output, summary.Crashes);
        output.WriteLine("unavailability (fault to the next acknowledged submit): kind, faults, median, worst, target");
        foreach (var u in summary.Unavailability)
        {
            var target = RecoveryTargets.TryGetValue(u.Kind, out var t) ? $"{t.TotalSeconds:F0} s{(u.Worst > t || u.NeverRecovered > 0 ? " MISSED" : "")}" : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {u.Kind}: {u.Faults}, {u.Median.TotalSeconds:F1} s, {u.Worst.TotalSeconds:F1} s{(u.NeverRecovered > 0 ? $" ({u.NeverRecovered} never)" : "")}, {target}"));
        }
    }

    /// <summary>The hard targets a run missed (empty: it passed); <paramref name="judged"/> names the checks that count.</summary>
    public static IReadOnlyList<string> Violations(ChaosSummary summary, IReadOnlySet<string> judged)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(judged);
        var f = summary.Findings;
        var counts = new Dictionary<string, int>
        {
            ["lost"] = f.Lost.Count,
            ["duplicates"] = f.Duplicates.Count,
            ["concurrent"] = f.Concurrent.Count,
            ["orphans"] = summary.OrphansAtEnd.Count + f.OutlivedTheirAdapter.Count,
            ["blamed"] = f.Blamed.Count,
            ["stuck"] = f.Stuck.Count,
        };
        return [.. counts.Where(c => judged.Contains(c.Key) && c.Value > 0).Select(c => $"{c.Key}={c.Value}")];
    }

    private static string Describe(LedgerRun run) =>
        $"run {run.Marker[..8]} on {run.Adapter} {run.Start:HH:mm:ss.f}-{run.LastSeen:HH:mm:ss.f}{(run.Ended ? " ended" : "")}";

    private static void Examples(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines.Take(10))
        {
            output.WriteLine($"    {line}");
        }
    }
}
