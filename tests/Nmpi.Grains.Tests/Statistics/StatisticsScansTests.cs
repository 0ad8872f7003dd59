using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.GrainInterfaces.Statistics;
using Nmpi.Grains.Statistics;

namespace Nmpi.Grains.Tests.Statistics;

// The scans here are delegates that count and block on barriers: the limits are the subject, not the SQL
// (the REST tests run the same limits over the real queries and PostgreSQL).
public sealed class StatisticsScansTests
{
    private static StatisticsScans Scans(FakeTimeProvider time, int maxQuestions = 64, int maxConcurrent = 2) => new(
        Options.Create(new StatisticsOptions { CacheFor = TimeSpan.FromSeconds(30), MaxQuestions = maxQuestions, MaxConcurrentScans = maxConcurrent, MaxWait = TimeSpan.FromSeconds(10) }),
        time);

    [Fact]
    public async Task ManyDistinctQuestions_WithinOneCachePeriod_ScanAtMostTheBudgetAndTheRestAreRefusedWithRetryAfter()
    {
        var time = new FakeTimeProvider();
        var scans = Scans(time, maxQuestions: 8);
        var refused = new List<StatisticsBusyException>();
        for (var requestedMax = 1; requestedMax <= 200; requestedMax++)
        {
            try
            {
                await scans.AnswerAsync($"durations:{requestedMax}", () => Task.FromResult("answer"));
            }
            catch (StatisticsBusyException e)
            {
                refused.Add(e);
            }
        }

        Assert.Equal(8, scans.Started);
        Assert.Equal(192, refused.Count);
        Assert.All(refused, e => Assert.InRange(e.RetryAfterSeconds, 1, 30));

        // Questions already answered are still served, from the cache, without a scan.
        Assert.Equal("answer", await scans.AnswerAsync("durations:3", () => Task.FromResult("again")));
        Assert.Equal(8, scans.Started);

        // Once the period is over the budget is free again.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("new", await scans.AnswerAsync("durations:999", () => Task.FromResult("new")));
        Assert.Equal(9, scans.Started);
    }

    [Fact]
    public async Task ConcurrentDistinctQuestions_BeyondTheCap_NeverRunMoreThanTheCapAtOnce_AndThoseWaitingTooLongAreRefused()
    {
        var time = new FakeTimeProvider();
        var scans = Scans(time, maxConcurrent: 2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<string> Scan()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (now == 2)
            {
                twoRunning.TrySetResult();
            }

            await release.Task;
            Interlocked.Decrement(ref running);
            return "done";
        }

        var asks = Enumerable.Range(0, 6).Select(i => scans.AnswerAsync($"jobs:{i}", Scan)).ToList();
        await twoRunning.Task;
        Assert.Equal(2, scans.Started);
        Assert.All(asks, a => Assert.False(a.IsCompleted));

        // The first two finish: the next two take their slots, never more than two at once.
        release.SetResult();
        Assert.All(await Task.WhenAll(asks), a => Assert.Equal("done", a));
        Assert.Equal(6, scans.Started);
        Assert.Equal(2, most);

        // With both slots held, a third question waits MaxWait, then is refused as busy and is not remembered.
        var hold = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new[] { scans.AnswerAsync("users:a", () => hold.Task), scans.AnswerAsync("users:b", () => hold.Task) };
        var waiting = scans.AnswerAsync("users:c", () => Task.FromResult("c"));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));
        var busy = await Assert.ThrowsAsync<StatisticsBusyException>(() => waiting);
        Assert.Equal(10, busy.RetryAfterSeconds);
        Assert.Equal(8, scans.Started);
        hold.SetResult("held");
        Assert.Equal(["held", "held"], await Task.WhenAll(held));
        Assert.Equal("c", await scans.AnswerAsync("users:c", () => Task.FromResult("c")));
    }

    [Fact]
    public async Task TheSameQuestion_AskedManyTimesAtOnce_IsScannedOnce()
    {
        var scans = Scans(new FakeTimeProvider());
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asks = Enumerable.Range(0, 50).Select(_ => scans.AnswerAsync("queues", () => release.Task)).ToList();
        release.SetResult("queues");
        Assert.All(await Task.WhenAll(asks), a => Assert.Equal("queues", a));
        Assert.Equal(1, scans.Started);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
