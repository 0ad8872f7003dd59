namespace Nmpi.Adapters.Execution;

/// <summary>How a job's memory and process count are capped.</summary>
public enum SandboxMode
{
    /// <summary>The best mechanism this machine offers: cgroup v2, then cgroup v1, then rlimits with a watchdog.</summary>
    Auto,

    /// <summary>A delegated cgroup v2 subtree with the memory and pids controllers; the adapter refuses to start without one.</summary>
    CgroupV2,

    /// <summary>Writable cgroup v1 memory and pids hierarchies (root); the adapter refuses to start without them.</summary>
    CgroupV1,

    /// <summary>No cgroups: an address-space rlimit per process and a watchdog counting the job's session in /proc.</summary>
    Rlimit,
}
