using System.Globalization;

namespace Nmpi.Chaos.Analysis;

/// <summary>
/// Reads the ledger the jobs write: one line per event, "start|tick|end KEY MARKER PID UNIX-SECONDS ADAPTER", and
/// groups it into runs per job key. Lines that do not parse (a run killed mid-write) are counted, not trusted.
/// </summary>
public static class LedgerReader
{
    /// <summary>The runs of each job key, oldest first, and how many lines could not be read.</summary>
    public static (IReadOnlyDictionary<string, IReadOnlyList<LedgerRun>> Runs, int BadLines) Read(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var runs = new Dictionary<string, LedgerRun>(StringComparer.Ordinal);
        var bad = 0;
        foreach (var line in lines)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 6 || words[0] is not ("start" or "tick" or "end")
                || !int.TryParse(words[3], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || !double.TryParse(words[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            {
                bad += line.Length == 0 ? 0 : 1;
                continue;
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            var (kind, key, marker, adapter) = (words[0], words[1], words[2], words[5]);
            if (!runs.TryGetValue(marker, out var run))
            {
                run = new LedgerRun(key, marker, pid, adapter, at, at, null);
            }

            run = run with
            {
                Start = kind == "start" || at < run.Start ? at : run.Start,
                LastSeen = at > run.LastSeen ? at : run.LastSeen,
                End = kind == "end" ? at : run.End,
            };
            runs[marker] = run;
        }

        var byKey = runs.Values.GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LedgerRun>)[.. g.OrderBy(r => r.Start)], StringComparer.Ordinal);
        return (byKey, bad);
    }
}
