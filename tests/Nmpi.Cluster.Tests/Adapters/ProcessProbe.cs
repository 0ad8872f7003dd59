using System.Globalization;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>Whether a process a job script started is still alive, from /proc.</summary>
public static class ProcessProbe
{
    /// <summary>True while the process exists and is not a zombie (the container's init may never reap killed orphans).</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state is not ("Z" or "X");
    }

    /// <summary>
    /// Reads the pids a script wrote to a file of its directory, one per line, as the machine knows them: a job runs in a
    /// pid namespace of its own, so os.getpid() there is not the machine's pid; a process already gone reads as -1.
    /// </summary>
    public static int[] ReadPids(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0)
            .Select(l => HostPid(int.Parse(l, CultureInfo.InvariantCulture), Path.GetDirectoryName(Path.GetFullPath(path))!)).ToArray();

    /// <summary>The machine's pid of the process whose innermost pid is that one and whose working directory is in the job's directory; -1 when gone.</summary>
    public static int HostPid(int namespacePid, string jobDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var nsPids = File.ReadAllLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal))?
                    .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (nsPids is { Length: > 2 } && nsPids[^1] == namespacePid.ToString(CultureInfo.InvariantCulture)
                    && new FileInfo(Path.Combine(directory, "cwd")).LinkTarget is { } cwd && cwd.StartsWith(jobDirectory, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while listed.
            }
        }

        return -1;
    }
}
