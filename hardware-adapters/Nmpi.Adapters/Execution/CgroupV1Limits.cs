using System.Globalization;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Limits through cgroup v1: a parent cgroup named after the adapter in the memory and the pids hierarchies, below the
/// adapter's own cgroups (so the jobs stay inside whatever limits the adapter has), and one child per job in each.
/// </summary>
internal sealed class CgroupV1Limits : ILimitMechanism
{
    private readonly Cgroup _memory;
    private readonly Cgroup _pids;

    private CgroupV1Limits(Cgroup memory, Cgroup pids)
    {
        _memory = memory;
        _pids = pids;
        Description = _memory.Has("memory.memsw.limit_in_bytes") ? "cgroup-v1 memory+swap+pids" : "cgroup-v1 memory+pids";
    }

    public string Description { get; }

    /// <summary>Sets up the adapter's parent cgroups, or says why this machine does not allow it.</summary>
    public static ILimitMechanism? TrySetUp(IReadOnlyList<CgroupHierarchy> hierarchies, string parentName, out string whyNot)
    {
        var memory = hierarchies.FirstOrDefault(h => h.Version == 1 && h.Controllers.Contains("memory"));
        var pids = hierarchies.FirstOrDefault(h => h.Version == 1 && h.Controllers.Contains("pids"));
        if (memory is null || pids is null)
        {
            whyNot = "no cgroup v1 hierarchy with the " + (memory is null ? "memory" : "pids") + " controller is mounted";
            return null;
        }

        try
        {
            var memoryParent = Cgroup.Create(Path.Combine(memory.OwnDirectory, parentName));
            var pidsParent = Cgroup.Create(Path.Combine(pids.OwnDirectory, parentName));
            if (!memoryParent.Has("memory.limit_in_bytes") || !pidsParent.Has("pids.max"))
            {
                whyNot = $"{memoryParent.Directory} or {pidsParent.Directory} lacks its control files";
                return null;
            }

            RemoveLeftovers(memoryParent, pidsParent);
            whyNot = "";
            return new CgroupV1Limits(memoryParent, pidsParent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cannot create the adapter's cgroups below {memory.OwnDirectory} and {pids.OwnDirectory}: {e.Message}";
            return null;
        }
    }

    public async Task<IJobContainment> ContainAsync(JobAttempt attempt, JobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var name = attempt.Name;
        var memory = await FreshAsync(_memory, name);
        var pids = await FreshAsync(_pids, name);
        var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        memory.Write("memory.limit_in_bytes", bytes);
        if (memory.Has("memory.memsw.limit_in_bytes"))
        {
            // Memory plus swap equal to memory alone: the job cannot swap its way past the limit.
            memory.Write("memory.memsw.limit_in_bytes", bytes);
        }

        pids.Write("pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));

        // The OOM killer counts its kills in memory.oom_control (kernel 4.13 and later); a refused fork counts in pids.events.
        return new CgroupJob(
            [pids, memory],
            [(pids, "pids.events", "max", LimitBreach.ProcessLimit), (memory, "memory.oom_control", "oom_kill", LimitBreach.Memory)],
            killFile: null);
    }

    public void Dispose()
    {
        foreach (var parent in new[] { _memory, _pids })
        {
            try
            {
                Directory.Delete(parent.Directory);
            }
            catch (IOException)
            {
                // A job's cgroup is still there (its removal failed): leave the parent for the next start to clean.
            }
        }
    }

    // A job cgroup left by an adapter that crashed may still hold its processes: kill them and remove it.
    private static void RemoveLeftovers(params Cgroup[] parents)
    {
        foreach (var parent in parents)
        {
            foreach (var child in Directory.EnumerateDirectories(parent.Directory))
            {
                new Cgroup(child).RemoveAsync().GetAwaiter().GetResult();
            }
        }
    }

    private static async Task<Cgroup> FreshAsync(Cgroup parent, string name)
    {
        var existing = new Cgroup(Path.Combine(parent.Directory, name));
        if (Directory.Exists(existing.Directory))
        {
            await existing.RemoveAsync();
        }

        return Cgroup.Create(existing.Directory);
    }
}
