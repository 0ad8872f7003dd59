using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Nmpi.Adapters.Tests;

/// <summary>The adapter's log streaming on its own: stamps, numbering, and the cap that keeps head and tail.</summary>
public sealed partial class JobLogStreamTests
{
    [Fact]
    public async Task Lines_AreStampedWithTheTimeAndSentInOrderNumberedFromZero()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 12, 0, 1, TimeSpan.Zero));
        var sent = new List<(long Seq, string Text)>();
        var log = new JobLogStream((seq, text) => { sent.Add((seq, text)); return Task.CompletedTask; }, 1 << 20, time);
        var running = log.RunAsync();

        log.Write("first");
        log.Write("second");
        log.Complete();
        await running;

        Assert.Equal(Enumerable.Range(0, sent.Count).Select(i => (long)i), sent.Select(s => s.Seq));
        Assert.Equal("[12:00:01] first\n[12:00:01] second\n", string.Concat(sent.Select(s => s.Text)));
    }

    [Fact]
    public async Task Output_BeyondTheCap_KeepsTheHeadAndTheTailAndSaysWhatWasLeftOut()
    {
        var sent = new List<string>();
        var log = new JobLogStream((_, text) => { sent.Add(text); return Task.CompletedTask; }, 8192, TimeProvider.System);
        var running = log.RunAsync();

        for (var i = 0; i < 2000; i++)
        {
            log.Write($"line {i:D4}");
        }

        log.Complete();
        await running;

        var text = string.Concat(sent);
        Assert.InRange(text.Length, 4096, 8192 + 200);
        Assert.Contains("] line 0000\n", text, StringComparison.Ordinal);
        Assert.EndsWith("] line 1999\n", text, StringComparison.Ordinal);
        Assert.Matches(LeftOut(), text);
        Assert.DoesNotContain("] line 1000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_AreAtMost16KiB()
    {
        var sent = new List<string>();
        var log = new JobLogStream((_, text) => { sent.Add(text); return Task.CompletedTask; }, 1 << 20, TimeProvider.System);
        for (var i = 0; i < 3000; i++)
        {
            log.Write(new string('x', 100));
        }

        log.Complete();
        await log.RunAsync();

        Assert.True(sent.Count > 1);
        Assert.All(sent, batch => Assert.InRange(batch.Length, 1, JobLogStream.BatchChars + 200));
    }

    [GeneratedRegex(@"\[\.\.\. \d+ bytes of log left out \.\.\.\]\n")]
    private static partial Regex LeftOut();
}
