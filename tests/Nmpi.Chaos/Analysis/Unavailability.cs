namespace Nmpi.Chaos.Analysis;

/// <summary>How long submits failed after faults of one kind: the time from each fault to the next acknowledged submit.</summary>
public sealed record Unavailability(FaultKind Kind, int Faults, TimeSpan Median, TimeSpan Worst, int NeverRecovered)
{
    /// <summary>Summarises the recovery times of each kind; null durations are faults after which no submit succeeded.</summary>
    public static IReadOnlyList<Unavailability> Summarise(IEnumerable<(FaultKind Kind, TimeSpan? Recovery)> recoveries)
    {
        ArgumentNullException.ThrowIfNull(recoveries);
        return [.. recoveries.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g =>
        {
            var times = g.Where(r => r.Recovery is not null).Select(r => r.Recovery!.Value).Order().ToList();
            var median = times.Count == 0 ? TimeSpan.Zero
                : times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
            return new Unavailability(g.Key, g.Count(), median, times.Count == 0 ? TimeSpan.Zero : times[^1], g.Count(r => r.Recovery is null));
        })];
    }
}
