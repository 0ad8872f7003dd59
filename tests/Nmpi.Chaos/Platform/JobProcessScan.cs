using System.Globalization;

namespace Nmpi.Chaos.Platform;

/// <summary>Finds processes of the run's jobs still alive: their command lines carry the run id (in the job's key).</summary>
public static class JobProcessScan
{
    /// <summary>The pid and command line of every live process whose command line holds <paramref name="runId"/>.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string runId)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                if (commandLine.Contains(runId, StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was looked at.
            }
        }

        return found;
    }
}
