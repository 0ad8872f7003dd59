using System.Globalization;

namespace Nmpi.Adapters.Execution;

/// <summary>One cgroup directory (v1 or v2): its control files, the processes in it, killing them and removing it.</summary>
internal sealed class Cgroup(string directory)
{
    private static readonly TimeSpan KillRound = TimeSpan.FromMilliseconds(20);

    // A job's processes cannot outrun this many rounds: each round kills every process listed, and the pids limit bounds new ones.
    private const int MaxKillRounds = 500;

    /// <summary>The cgroup's directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>Whether the cgroup has this control file.</summary>
    public bool Has(string file) => File.Exists(Path.Combine(Directory, file));

    /// <summary>Writes a value to a control file (one write, as the kernel expects).</summary>
    public void Write(string file, string value)
    {
        using var stream = new FileStream(Path.Combine(Directory, file), FileMode.Open, FileAccess.Write);
        var bytes = System.Text.Encoding.ASCII.GetBytes(value);
        stream.Write(bytes);
    }

    /// <summary>Reads the whole of a control file.</summary>
    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>The number after a key in a flat keyed file such as memory.events ("oom_kill 1"); 0 when absent or unreadable.</summary>
    public long Counter(string file, string key)
    {
        try
        {
            return KeyedValue(Read(file), key) ?? 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The value of a key in a flat keyed file's text; null when the key is absent.</summary>
    public static long? KeyedValue(string text, string key)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The pids in the cgroup now; none when it is gone.</summary>
    public IReadOnlyList<int> Processes()
    {
        try
        {
            return Read("cgroup.procs").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Creates the directory (and its parents); the kernel fills it with control files.</summary>
    public static Cgroup Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new Cgroup(directory);
    }

    /// <summary>SIGKILLs every process in the cgroups, round after round, until none is left: a process may fork between reading and killing.</summary>
    public static async Task KillAllAsync(IReadOnlyList<Cgroup> cgroups)
    {
        for (var round = 0; round < MaxKillRounds; round++)
        {
            var pids = cgroups.SelectMany(c => c.Processes()).Distinct().ToArray();
            if (pids.Length == 0)
            {
                return;
            }

            foreach (var pid in pids)
            {
                Signals.Send(pid, Signals.Kill);
            }

            await Task.Delay(KillRound);
        }

        throw new InvalidOperationException($"processes are still alive in {cgroups[0].Directory} after {MaxKillRounds} rounds of SIGKILL");
    }

    /// <summary>Kills what is left and removes the directory (rmdir; the kernel refuses while a process is inside).</summary>
    public async Task RemoveAsync()
    {
        await KillAllAsync([this]);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(Directory))
                {
                    System.IO.Directory.Delete(Directory);
                }

                return;
            }
            catch (IOException) when (attempt < 50)
            {
                // Busy for a moment while the last killed process is torn down.
                await Task.Delay(KillRound);
            }
        }
    }
}
