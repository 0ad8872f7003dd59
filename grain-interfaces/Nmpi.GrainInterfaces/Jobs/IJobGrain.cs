namespace Nmpi.GrainInterfaces.Jobs;

/// <summary>One job, keyed by its id: the only writer of its row in the jobs table.</summary>
[Alias("nmpi.IJobGrain")]
public interface IJobGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the job, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<JobSnapshot?> GetAsync();

    /// <summary>
    /// Waits until the job's version moves past knownVersion or its log grows past knownLogChunks
    /// (or the timeout passes) and returns it; pass long.MaxValue to ignore the log.
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<JobSnapshot?> WaitForChangeAsync(long knownVersion, long knownLogChunks, TimeSpan timeout);

    /// <summary>Cancels: a queued job ends cancelled at once, a running one goes cancelling.</summary>
    [Alias("Cancel")]
    Task<JobSnapshot> CancelAsync(string by, string why);

    /// <summary>Hides a terminal job (status removed).</summary>
    [Alias("Remove")]
    Task<JobSnapshot> RemoveAsync(string by);

    /// <summary>Adds and removes tags.</summary>
    [Alias("UpdateTags")]
    Task<JobSnapshot> UpdateTagsAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Adds a comment.</summary>
    [Alias("AddComment")]
    Task<JobComment> AddCommentAsync(string userId, string text);

    /// <summary>Changes a comment's text; null when the job has no comment with this id.</summary>
    [Alias("UpdateComment")]
    Task<JobComment?> UpdateCommentAsync(long commentId, string text);

    /// <summary>Deletes a comment and returns it; null when the job has no comment with this id.</summary>
    [Alias("DeleteComment")]
    Task<JobComment?> DeleteCommentAsync(long commentId);

    /// <summary>Returns log chunks from fromSeq on, at most max of them.</summary>
    [Alias("ReadLog")]
    Task<LogPage> ReadLogAsync(long fromSeq, int max);

    /// <summary>Leases the job to an adapter when it is queued and unleased; null otherwise.</summary>
    [Alias("TryLease")]
    Task<LeaseGrant?> TryLeaseAsync(string adapterId);

    /// <summary>Gives an unstarted leased job back to the queue (no attempt spent); false for a repeat.</summary>
    [Alias("ReturnLease")]
    Task<bool> ReturnLeaseAsync(string adapterId, LeaseRef lease);

    /// <summary>Renews a lease, or says the adapter must stop the job.</summary>
    [Alias("RenewLease")]
    Task<HeartbeatVerdict> RenewLeaseAsync(string adapterId, LeaseRef lease);

    /// <summary>Moves the leased job to running; false when it already was (a repeat).</summary>
    [Alias("MarkRunning")]
    Task<bool> MarkRunningAsync(string adapterId, LeaseRef lease);

    /// <summary>Appends a log chunk with the adapter's sequence number; false for a repeat.</summary>
    [Alias("AppendLog")]
    Task<bool> AppendLogAsync(string adapterId, LeaseRef lease, long seq, string text);

    /// <summary>The most bytes an output at this path may still have within the job's output caps; refuses (LimitExceeded) when no file fits.</summary>
    [Alias("OutputBytesLeft")]
    Task<long> OutputBytesLeftAsync(string adapterId, LeaseRef lease, string path);

    /// <summary>Records an uploaded output file (replacing one at the same path); refuses (LimitExceeded) one beyond the job's output caps.</summary>
    [Alias("AddOutput")]
    Task<bool> AddOutputAsync(string adapterId, LeaseRef lease, OutputFile file);

    /// <summary>Ends the job as the adapter reports; false for a repeat.</summary>
    [Alias("Complete")]
    Task<bool> CompleteAsync(string adapterId, LeaseRef lease, JobCompletion completion);

    /// <summary>
    /// Hands a just-submitted job's committed row to its grain, so that its first activation needs no read from
    /// the database; ignored unless this activation has not yet loaded the job.
    /// </summary>
    [Alias("Prime"), OneWay]
    Task PrimeAsync(JobSnapshot committed);

    /// <summary>Applies whatever deadline has passed: lapsed lease, wall-time limit, cancel deadline.</summary>
    [Alias("EnforceDeadlines")]
    Task EnforceDeadlinesAsync();
}
