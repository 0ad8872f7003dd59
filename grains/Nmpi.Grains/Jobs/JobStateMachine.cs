using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Jobs;

/// <summary>The only place that moves a job between states (DESIGN.md section 3); pure, no I/O.</summary>
public static class JobStateMachine
{
    private static readonly Dictionary<JobStatus, JobStatus[]> Moves = new()
    {
        [JobStatus.Submitted] = [JobStatus.Validated, JobStatus.Cancelled],
        // A lease that lapses before the job starts sends it back, or ends it once attempts run out.
        [JobStatus.Validated] = [JobStatus.Running, JobStatus.Cancelled, JobStatus.Submitted, JobStatus.Error],
        [JobStatus.Running] = [JobStatus.Finished, JobStatus.Error, JobStatus.Cancelling, JobStatus.Submitted],
        [JobStatus.Cancelling] = [JobStatus.Cancelled],
        [JobStatus.Finished] = [JobStatus.Removed],
        [JobStatus.Error] = [JobStatus.Removed],
        [JobStatus.Cancelled] = [JobStatus.Removed],
        [JobStatus.Removed] = [],
    };

    /// <summary>Every state a job can be in.</summary>
    public static IReadOnlyCollection<JobStatus> States => Moves.Keys;

    /// <summary>True when a job may move from one state to the other.</summary>
    public static bool IsAllowed(JobStatus from, JobStatus to) =>
        Moves.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    /// <summary>True for the states a job never leaves except to be removed.</summary>
    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;

    /// <summary>True for the states in which a job waits in its platform's queue or holds a lease.</summary>
    public static bool IsQueued(JobStatus status) => status is JobStatus.Submitted or JobStatus.Validated;

    /// <summary>Moves the job, recording the move; refuses a move the table does not allow.</summary>
    public static JobSnapshot Move(JobSnapshot job, JobStatus to, DateTimeOffset at, string by, string why)
    {
        if (!IsAllowed(job.Status, to))
        {
            throw new JobRejectedException(
                JobRejection.InvalidTransition,
                $"Job {job.Id} is {Name(job.Status)} and cannot become {Name(to)}.");
        }

        return job with
        {
            Status = to,
            History = [.. job.History, new JobTransition(job.Status, to, at, by, why)],
        };
    }

    /// <summary>The lower-case name used in the database and in messages.</summary>
    public static string Name(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Parses a name written by <see cref="Name"/>.</summary>
    public static JobStatus Parse(string name) =>
        Enum.TryParse<JobStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status)
            ? status
            : throw new FormatException($"Unknown job status '{name}'.");
}
