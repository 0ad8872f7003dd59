namespace Nmpi.Chaos;

/// <summary>The kinds of fault the program injects.</summary>
public enum FaultKind
{
    /// <summary>A silo process killed with SIGKILL.</summary>
    Silo,

    /// <summary>A site adapter process killed with SIGKILL (its job processes are left to the adapter's own care).</summary>
    Adapter,

    /// <summary>A gateway process killed with SIGKILL.</summary>
    Gateway,

    /// <summary>PostgreSQL stopped with pg_ctl -m immediate (a crash) and started again.</summary>
    Postgres,
}
