namespace Nmpi.Adapters.Execution;

/// <summary>Which of the job's limits its processes ran into, if any.</summary>
public enum LimitBreach
{
    /// <summary>No limit was hit.</summary>
    None,

    /// <summary>The job used more memory than its limit and was killed.</summary>
    Memory,

    /// <summary>The job tried to run more processes than its limit and was killed.</summary>
    ProcessLimit,
}
