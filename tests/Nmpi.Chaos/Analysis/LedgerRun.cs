namespace Nmpi.Chaos.Analysis;

/// <summary>
/// One run of a job's script as its ledger lines tell it: the attempt marker the run chose, the adapter start
/// (name.incarnation) that ran it, when it started, when it was last heard of, and when it reached its end (null if never).
/// </summary>
public sealed record LedgerRun(string Key, string Marker, int Pid, string Adapter, DateTimeOffset Start, DateTimeOffset LastSeen, DateTimeOffset? End)
{
    /// <summary>Whether the script ran to its end.</summary>
    public bool Ended => End is not null;

    /// <summary>Whether two runs were alive at the same time (a tick of each falls inside the other's life).</summary>
    public bool Overlaps(LedgerRun other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Start < other.LastSeen && other.Start < LastSeen;
    }
}
