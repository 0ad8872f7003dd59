using System.Globalization;

namespace Nmpi.Adapters.Execution;

/// <summary>
/// Limits through a delegated cgroup v2 subtree: the adapter's own cgroup must offer the memory and pids controllers and be
/// writable (e.g. a systemd unit with Delegate=yes). The adapter moves itself into a leaf of it (v2 lets only leaves hold
/// processes), enables the controllers below, and gives each job its own cgroup there.
/// </summary>
internal sealed class CgroupV2Limits : ILimitMechanism
{
    private readonly Cgroup _parent;

    private CgroupV2Limits(Cgroup parent)
    {
        _parent = parent;
        Description = parent.Has("memory.swap.max") ? "cgroup-v2 memory+swap+pids" : "cgroup-v2 memory+pids";
    }

    public string Description { get; }

    /// <summary>Sets up the adapter's parent cgroup, or says why this machine does not allow it.</summary>
    public static ILimitMechanism? TrySetUp(IReadOnlyList<CgroupHierarchy> hierarchies, string parentName, out string whyNot)
    {
        if (hierarchies.FirstOrDefault(h => h.Version == 2) is not { } unified)
        {
            whyNot = "no cgroup v2 hierarchy is mounted";
            return null;
        }

        var own = new Cgroup(unified.OwnDirectory);
        try
        {
            var offered = own.Read("cgroup.controllers").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!offered.Contains("memory") || !offered.Contains("pids"))
            {
                whyNot = $"the adapter's cgroup v2 {own.Directory} does not offer the memory and pids controllers (offers: {string.Join(' ', offered)})";
                return null;
            }

            if (!EnablesBelow(own))
            {
                // Only a cgroup without processes of its own may enable controllers for its children: move the adapter out first.
                var others = own.Processes().Where(p => p != Environment.ProcessId).ToArray();
                if (others.Length > 0)
                {
                    whyNot = $"the adapter's cgroup v2 {own.Directory} holds other processes ({others.Length}); give the adapter a delegated cgroup of its own";
                    return null;
                }

                var self = Cgroup.Create(Path.Combine(own.Directory, parentName + ".adapter"));
                self.Write("cgroup.procs", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                own.Write("cgroup.subtree_control", "+memory +pids");
            }

            var parent = Cgroup.Create(Path.Combine(own.Directory, parentName));
            parent.Write("cgroup.subtree_control", "+memory +pids");
            foreach (var child in Directory.EnumerateDirectories(parent.Directory))
            {
                // A job cgroup left by an adapter that crashed may still hold its processes.
                new Cgroup(child).RemoveAsync().GetAwaiter().GetResult();
            }

            whyNot = "";
            return new CgroupV2Limits(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cannot set up cgroups below the adapter's cgroup v2 {own.Directory}: {e.Message}";
            return null;
        }
    }

    public async Task<IJobContainment> ContainAsync(JobAttempt attempt, JobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var job = new Cgroup(Path.Combine(_parent.Directory, attempt.Name));
        if (Directory.Exists(job.Directory))
        {
            await job.RemoveAsync();
        }

        job = Cgroup.Create(job.Directory);
        job.Write("memory.max", limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        if (job.Has("memory.swap.max"))
        {
            job.Write("memory.swap.max", "0");
        }

        if (job.Has("memory.oom.group"))
        {
            // One OOM kill takes the whole job, rather than leaving a half-killed run behind.
            job.Write("memory.oom.group", "1");
        }

        job.Write("pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        return new CgroupJob(
            [job],
            [(job, "pids.events", "max", LimitBreach.ProcessLimit), (job, "memory.events", "oom_kill", LimitBreach.Memory)],
            killFile: job.Has("cgroup.kill") ? job : null);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_parent.Directory);
        }
        catch (IOException)
        {
            // A job's cgroup is still there (its removal failed): leave the parent for the next start to clean.
        }
    }

    private static bool EnablesBelow(Cgroup cgroup)
    {
        var enabled = cgroup.Read("cgroup.subtree_control").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return enabled.Contains("memory") && enabled.Contains("pids");
    }
}
