using Nmpi.GrainInterfaces.Scheduling;

namespace Nmpi.Grains.Scheduling;

/// <summary>
/// A platform's ready queue: round robin between collabs, FIFO inside each collab. Pure and in memory;
/// the scheduler grain rebuilds it from the jobs table.
/// </summary>
public sealed class FairQueue
{
    private readonly Dictionary<string, LinkedList<long>> _byCollab = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string Collab, LinkedListNode<long> Node)> _index = [];
    // Collabs with waiting jobs, in the order they get their next turn; the first one is served next.
    private readonly LinkedList<string> _turns = new();

    /// <summary>Jobs waiting.</summary>
    public int Count => _index.Count;

    /// <summary>True when the job is waiting here.</summary>
    public bool Contains(long jobId) => _index.ContainsKey(jobId);

    /// <summary>Adds a job at the end of its collab's line; false when it is already queued.</summary>
    public bool Add(QueueEntry entry)
    {
        if (_index.ContainsKey(entry.JobId))
        {
            return false;
        }

        if (!_byCollab.TryGetValue(entry.Collab, out var line))
        {
            line = new LinkedList<long>();
            _byCollab[entry.Collab] = line;
            _turns.AddLast(entry.Collab);
        }

        // Ids grow with submission time; a job re-queued after a lost lease keeps its old place.
        var after = line.Last;
        while (after is not null && after.Value > entry.JobId)
        {
            after = after.Previous;
        }

        var node = after is null ? line.AddFirst(entry.JobId) : line.AddAfter(after, entry.JobId);
        _index[entry.JobId] = (entry.Collab, node);
        return true;
    }

    /// <summary>Removes a job; false when it was not queued.</summary>
    public bool Remove(long jobId)
    {
        if (!_index.Remove(jobId, out var slot))
        {
            return false;
        }

        var line = _byCollab[slot.Collab];
        line.Remove(slot.Node);
        if (line.Count == 0)
        {
            _byCollab.Remove(slot.Collab);
            _turns.Remove(slot.Collab);
        }

        return true;
    }

    /// <summary>Takes the next job in fair order, or null when the queue is empty.</summary>
    public QueueEntry? TakeNext()
    {
        if (_turns.First is not { } turn)
        {
            return null;
        }

        var collab = turn.Value;
        var jobId = _byCollab[collab].First!.Value;
        Remove(jobId);
        if (_byCollab.ContainsKey(collab))
        {
            // The collab had more: it goes to the back of the round.
            _turns.Remove(collab);
            _turns.AddLast(collab);
        }

        return new QueueEntry(jobId, collab);
    }

    /// <summary>How many jobs will be taken before this one, or null when it is not queued.</summary>
    public int? Position(long jobId)
    {
        if (!_index.TryGetValue(jobId, out var slot))
        {
            return null;
        }

        var ahead = 0;
        for (var node = _byCollab[slot.Collab].First; node != slot.Node; node = node!.Next)
        {
            ahead++;
        }

        // Each full round serves one job of every collab; collabs whose turn comes first get one more.
        var position = ahead;
        var beforeInRound = true;
        foreach (var collab in _turns)
        {
            if (collab == slot.Collab)
            {
                beforeInRound = false;
                continue;
            }

            position += Math.Min(_byCollab[collab].Count, ahead + (beforeInRound ? 1 : 0));
        }

        return position;
    }

    /// <summary>The waiting jobs in the order they would be taken.</summary>
    public IReadOnlyList<QueueEntry> Snapshot()
    {
        var copy = new FairQueue();
        foreach (var collab in _turns)
        {
            foreach (var id in _byCollab[collab])
            {
                copy.Add(new QueueEntry(id, collab));
            }
        }

        var order = new List<QueueEntry>(Count);
        while (copy.TakeNext() is { } next)
        {
            order.Add(next);
        }

        return order;
    }
}
