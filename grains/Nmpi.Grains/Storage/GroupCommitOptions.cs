namespace Nmpi.Grains.Storage;

/// <summary>How the job store batches writes into shared transactions.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Writes committed together at most.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Batches in flight at once (one connection each).</summary>
    public int Writers { get; set; } = 3;
}
