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

    /// <summary>Reads the pids a script wrote to a file of its directory, one per line.</summary>
    public static int[] ReadPids(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
}
