namespace Nmpi.Adapters.Execution;

/// <summary>One way of capping memory and processes (cgroup v2, cgroup v1, rlimits), set up once when the adapter starts.</summary>
internal interface ILimitMechanism : IDisposable
{
    /// <summary>What provenance and the log say about it, e.g. "cgroup-v1 memory+pids".</summary>
    string Description { get; }

    /// <summary>Prepares the limits of one attempt of a job; nothing of it runs yet.</summary>
    Task<IJobContainment> ContainAsync(JobAttempt attempt, JobLimits limits);
}
