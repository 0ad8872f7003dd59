using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class LogTailTests
{
    [Fact]
    public void KeepsTheLastLines_AcrossChunksThatSplitLines()
    {
        var log = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"));
        var chunks = log.Chunk(7).Select(c => new string(c));
        Assert.Equal(Enumerable.Range(21, 10).Select(i => $"line {i}"), LogTail.Of(chunks, 10));
    }

    [Fact]
    public void ShortLog_IsShownWhole_WithItsLastUnfinishedLine()
    {
        Assert.Equal(["a", "b", "c"], LogTail.Of(["a\r\nb\n", "c"], 20));
        Assert.Equal(["a", "", "b"], LogTail.Of(["a\n\nb\n"], 20));
    }

    [Fact]
    public void EmptyLogOrNoLinesWanted_GivesNothing()
    {
        Assert.Empty(LogTail.Of([], 20));
        Assert.Empty(LogTail.Of([""], 20));
        Assert.Empty(LogTail.Of(["a\nb\n"], 0));
    }

    [Fact]
    public void LongLine_IsCut()
    {
        var line = Assert.Single(LogTail.Of([new string('x', 1000) + "\n"], 5));
        Assert.Equal(LogTail.MaxLineLength + 1, line.Length);
        Assert.EndsWith("…", line, StringComparison.Ordinal);
    }
}
