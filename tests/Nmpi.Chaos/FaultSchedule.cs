namespace Nmpi.Chaos;

/// <summary>
/// When each fault is due: the faults of every kind spread evenly over the run between a quiet start and a quiet end,
/// the kinds interleaved, and the targets of a kind taken in turn.
/// </summary>
public static class FaultSchedule
{
    /// <summary>One planned fault: its offset from the start of the load, its kind and the index of its target.</summary>
    public sealed record Planned(TimeSpan At, FaultKind Kind, int Target);

    /// <summary>Plans the faults; <paramref name="targets"/> says how many processes of each kind there are (1 for PostgreSQL).</summary>
    public static IReadOnlyList<Planned> Plan(TimeSpan duration, IReadOnlyDictionary<FaultKind, int> counts, IReadOnlyDictionary<FaultKind, int> targets)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(targets);

        // The first tenth lets the load settle; the last tenth lets the last fault's effects show before the drain.
        var first = duration * 0.1;
        var span = duration * 0.8;
        var planned = new List<Planned>();
        foreach (var (kind, count) in counts)
        {
            for (var k = 0; k < count; k++)
            {
                // Each kind's k-th fault sits in the middle of its k-th share of the span, so kinds interleave.
                planned.Add(new Planned(first + span * ((k + 0.5) / count), kind, k % Math.Max(1, targets.GetValueOrDefault(kind, 1))));
            }
        }

        return [.. planned.OrderBy(p => p.At).ThenBy(p => p.Kind)];
    }
}
