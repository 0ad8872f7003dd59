using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>Finding the cgroup hierarchies and this process's place in them from /proc text (samples of v1, v2 and hybrid machines).</summary>
public sealed class CgroupHierarchyTests
{
    private const string HybridMounts = """
        30 25 0:26 / /sys/fs/cgroup ro,nosuid shared:9 - tmpfs tmpfs ro,mode=755
        33 30 0:29 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory
        34 30 0:30 / /sys/fs/cgroup/pids rw,relatime shared:13 - cgroup cgroup rw,pids
        35 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
        36 30 0:32 / /sys/fs/cgroup/unified rw,relatime shared:15 - cgroup2 cgroup2 rw
        40 25 0:33 / /proc rw,relatime shared:16 - proc proc rw
        """;

    private const string HybridOwn = """
        5:cpu,cpuacct:/
        4:memory:/process_api/310c
        3:pids:/
        0::/
        """;

    [Fact]
    public void Hybrid_FindsEachV1ControllerAtThisProcessesCgroupAndTheUnifiedOne()
    {
        var found = CgroupHierarchy.Find(HybridMounts, HybridOwn);

        var memory = Assert.Single(found, h => h.Controllers.Contains("memory"));
        Assert.Equal("/sys/fs/cgroup/memory/process_api/310c", memory.OwnDirectory);
        Assert.Equal("/sys/fs/cgroup/pids", Assert.Single(found, h => h.Controllers.Contains("pids")).OwnDirectory);
        Assert.Equal(["cpu", "cpuacct"], Assert.Single(found, h => h.Controllers.Contains("cpu")).Controllers.Order());
        var unified = Assert.Single(found, h => h.Version == 2);
        Assert.Equal("/sys/fs/cgroup/unified", unified.OwnDirectory);
    }

    [Fact]
    public void PureV2_WithASystemdServiceCgroup_FindsItsDirectory()
    {
        const string Mounts = "29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
        const string Own = "0::/system.slice/nmpi-adapter.service\n";

        var found = Assert.Single(CgroupHierarchy.Find(Mounts, Own));

        Assert.Equal(2, found.Version);
        Assert.Equal("/sys/fs/cgroup/system.slice/nmpi-adapter.service", found.OwnDirectory);
    }

    [Fact]
    public void MountOfASubtree_MapsTheOwnPathBelowItsRootAndSkipsCgroupsOutsideIt()
    {
        // A container sees only its own sub-tree, mounted at /sys/fs/cgroup/memory.
        const string Mounts = "33 30 0:29 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
            + "34 30 0:30 /docker/abc /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n";
        const string Own = "4:memory:/docker/abc/jobs\n3:pids:/elsewhere\n";

        var found = Assert.Single(CgroupHierarchy.Find(Mounts, Own));

        Assert.Equal("/sys/fs/cgroup/memory/jobs", found.OwnDirectory);
    }

    [Fact]
    public void ThisMachine_OffersTheV1MemoryAndPidsHierarchiesTheSandboxUses()
    {
        var found = CgroupHierarchy.Find(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));

        Assert.All(new[] { "memory", "pids" }, c => Assert.True(Directory.Exists(Assert.Single(found, h => h.Controllers.Contains(c)).OwnDirectory)));
    }
}
