namespace Nmpi.Grains.Notifications;

/// <summary>The last lines of a job's log, cut to a size that fits in a message; pure.</summary>
public static class LogTail
{
    /// <summary>Longest line kept whole; longer ones are cut with an ellipsis.</summary>
    public const int MaxLineLength = 300;

    /// <summary>The last <paramref name="lines"/> lines of the log chunks (given in order).</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> chunks, int lines)
    {
        if (lines <= 0)
        {
            return [];
        }

        var text = string.Concat(chunks).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var all = text.Split('\n');
        // A log that ends with a newline has no line after it.
        var count = all.Length > 0 && all[^1].Length == 0 ? all.Length - 1 : all.Length;
        return all.Take(count).Skip(Math.Max(0, count - lines)).Select(Cut).ToArray();
    }

    private static string Cut(string line) => line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), "…");
}
