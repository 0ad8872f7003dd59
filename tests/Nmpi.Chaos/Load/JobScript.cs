using System.Globalization;

namespace Nmpi.Chaos.Load;

/// <summary>
/// The job every submit carries: a Python script that records its run in the ledger outside the platform, one line
/// at its start, one a second while it works and one at its end, each with the job's key, a marker the run picks for
/// itself, its pid, the time and the adapter start that ran it.
/// </summary>
public static class JobScript
{
    /// <summary>The first line of every script; the final listing finds a job's key in it (ListJobs shows the script's start).</summary>
    public const string KeyPrefix = "# chaos-key ";

    /// <summary>The script of one job.</summary>
    public static string For(string key, int seconds, string ledger) =>
        $$"""
        {{KeyPrefix}}{{key}}
        import os, time, uuid
        KEY = "{{key}}"
        LEDGER = "{{ledger}}"
        marker = uuid.uuid4().hex[:16]
        adapter = os.environ.get("CHAOS_ADAPTER", "unknown")

        def note(kind):
            # One write of one short line with O_APPEND: lines of concurrent runs never interleave.
            line = f"{kind} {KEY} {marker} {os.getpid()} {time.time():.3f} {adapter}\n"
            fd = os.open(LEDGER, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)

        note("start")
        end = time.monotonic() + {{seconds.ToString(CultureInfo.InvariantCulture)}}
        while time.monotonic() < end:
            time.sleep(max(0.0, min(1.0, end - time.monotonic())))
            note("tick")
        note("end")
        print("done", KEY, marker)
        """;

    /// <summary>The key in a script's first line, or null when the script is not one of the program's.</summary>
    public static string? KeyOf(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!script.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = script.IndexOf('\n', StringComparison.Ordinal);
        return script[KeyPrefix.Length..(end < 0 ? script.Length : end)].Trim();
    }
}
