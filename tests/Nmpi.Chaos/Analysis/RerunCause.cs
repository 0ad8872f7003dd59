namespace Nmpi.Chaos.Analysis;

/// <summary>Why a job's script started again after an earlier run of it, judged from the faults around the two runs.</summary>
public enum RerunCause
{
    /// <summary>The adapter running the earlier run was killed before the script ended: the job was retried (expected).</summary>
    AdapterKilledMidRun,

    /// <summary>The script had ended when its adapter was killed, before the adapter could report it (inherent to leases).</summary>
    AdapterKilledAfterTheScriptEnded,

    /// <summary>A silo was killed while the earlier run was alive or just after; its adapter was not.</summary>
    SiloKill,

    /// <summary>A gateway was killed while the earlier run was alive or just after; its adapter was not.</summary>
    GatewayKill,

    /// <summary>PostgreSQL crashed while the earlier run was alive or just after; its adapter was not.</summary>
    PostgresCrash,

    /// <summary>No fault explains it (a lease lapsed under load, or the platform ran the job twice by itself).</summary>
    NoFault,
}
