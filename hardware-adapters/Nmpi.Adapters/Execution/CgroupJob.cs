namespace Nmpi.Adapters.Execution;

/// <summary>A job held in its own cgroups (one per v1 hierarchy, or one v2 cgroup), watched through the kernel's event counters.</summary>
/// <param name="cgroups">The job's cgroups; the launcher enters each of them before the command runs.</param>
/// <param name="counters">The counters whose growth means a limit was hit: (cgroup, file, key, breach).</param>
/// <param name="killFile">A v2 cgroup.kill the kernel kills the whole cgroup through; null to signal every process instead.</param>
internal sealed class CgroupJob(IReadOnlyList<Cgroup> cgroups, IReadOnlyList<(Cgroup Cgroup, string File, string Key, LimitBreach Breach)> counters, Cgroup? killFile) : IJobContainment
{
    // Writes its own pid into every cgroup.procs named before "--", then becomes the command: nothing of the job runs outside.
    // The script is fixed text; the file names and the command reach it only as positional parameters, never parsed by the shell.
    private const string EnterScript = "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    public IReadOnlyList<string> Launcher { get; } =
        ["/bin/sh", "-c", EnterScript, "nmpi-enter", .. cgroups.Select(c => Path.Combine(c.Directory, "cgroup.procs")), "--"];

    public void Started(int sessionId)
    {
        // The cgroups hold every process, whatever sessions they make; the session id is not needed.
    }

    public LimitBreach Check()
    {
        foreach (var (cgroup, file, key, breach) in counters)
        {
            if (cgroup.Counter(file, key) > 0)
            {
                return breach;
            }
        }

        return LimitBreach.None;
    }

    public LimitBreach CheckAfterExit(int exitCode, string? lastErrorLine) => Check();

    public async Task KillAllAsync()
    {
        if (killFile is not null && killFile.Processes().Count > 0)
        {
            killFile.Write("cgroup.kill", "1");
        }

        await Cgroup.KillAllAsync(cgroups);
    }

    public async Task RemoveAsync()
    {
        await KillAllAsync();
        foreach (var cgroup in cgroups)
        {
            await cgroup.RemoveAsync();
        }
    }
}
