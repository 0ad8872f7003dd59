using Nmpi.GrainInterfaces.Scheduling;
using Nmpi.Grains.Scheduling;

namespace Nmpi.Grains.Tests.Scheduling;

public sealed class FairQueueTests
{
    [Fact]
    public void TakeNext_AlternatesBetweenCollabs_FifoInsideEach()
    {
        var queue = new FairQueue();
        foreach (var (id, collab) in new[] { (1L, "a"), (2L, "a"), (3L, "a"), (4L, "b"), (5L, "c"), (6L, "b") })
        {
            queue.Add(new QueueEntry(id, collab));
        }

        var order = new List<long>();
        while (queue.TakeNext() is { } next)
        {
            order.Add(next.JobId);
        }

        Assert.Equal([1, 4, 5, 2, 6, 3], order);
    }

    [Fact]
    public void Position_MatchesTheOrderOfTaking()
    {
        var queue = new FairQueue();
        var random = new Random(42);
        for (var id = 1; id <= 200; id++)
        {
            queue.Add(new QueueEntry(id, $"collab-{random.Next(7)}"));
        }

        queue.TakeNext();
        queue.TakeNext();
        var expected = queue.Snapshot();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(i, queue.Position(expected[i].JobId));
        }

        var taken = new List<QueueEntry>();
        while (queue.TakeNext() is { } next)
        {
            taken.Add(next);
        }

        Assert.Equal(expected, taken);
    }

    [Fact]
    public void Add_Twice_KeepsOneEntry_AndARequeuedJobKeepsItsPlace()
    {
        var queue = new FairQueue();
        Assert.True(queue.Add(new QueueEntry(5, "a")));
        Assert.False(queue.Add(new QueueEntry(5, "a")));
        queue.Add(new QueueEntry(9, "a"));
        queue.Add(new QueueEntry(3, "a"));

        Assert.Equal(3, queue.Count);
        Assert.Equal(3, queue.TakeNext()!.Value.JobId);
        Assert.Equal(5, queue.TakeNext()!.Value.JobId);
    }

    [Fact]
    public void Remove_DropsTheJob_AndUnknownJobsHaveNoPosition()
    {
        var queue = new FairQueue();
        queue.Add(new QueueEntry(1, "a"));
        queue.Add(new QueueEntry(2, "b"));

        Assert.True(queue.Remove(1));
        Assert.False(queue.Remove(1));
        Assert.Null(queue.Position(1));
        Assert.Equal(0, queue.Position(2));
        Assert.Equal(2, queue.TakeNext()!.Value.JobId);
        Assert.Null(queue.TakeNext());
    }
}
