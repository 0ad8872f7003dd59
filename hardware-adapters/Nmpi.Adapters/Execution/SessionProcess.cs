using System.Globalization;

namespace Nmpi.Adapters.Execution;

/// <summary>A live process of a session as /proc shows it: its pid and resident memory.</summary>
internal sealed record SessionProcess(int Pid, long ResidentBytes)
{
    /// <summary>The live (not zombie) processes whose session id is the given one.</summary>
    public static IReadOnlyList<SessionProcess> InSession(int sessionId)
    {
        var found = new List<SessionProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Exited while the directory was listed.
            }

            if (Parse(pid, stat, sessionId) is { } process)
            {
                found.Add(process);
            }
        }

        return found;
    }

    /// <summary>The process a /proc/PID/stat line describes, when it is alive and in the session; otherwise null.</summary>
    public static SessionProcess? Parse(int pid, string stat, int sessionId)
    {
        ArgumentNullException.ThrowIfNull(stat);

        // The command name in parentheses may contain spaces and ')'; the fields after the last ')' are fixed:
        // state ppid pgrp session ... with rss (in pages) the 24th field of the line, the 22nd after the name.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 22 || fields[0] is "Z" or "X" || fields[3] != sessionId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        var pages = long.TryParse(fields[21], NumberStyles.None, CultureInfo.InvariantCulture, out var rss) ? rss : 0;
        return new SessionProcess(pid, pages * Environment.SystemPageSize);
    }
}
