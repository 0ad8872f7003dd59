namespace Nmpi.Grains.Storage;

/// <summary>How the job store batches writes into shared transactions.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:GroupCommit";

    /// <summary>The most writes one batch may hold (one transaction; a larger one holds its locks too long).</summary>
    public const int MaxBatchLimit = 10_000;

    /// <summary>The most writer connections (each holds a pooled connection for good).</summary>
    public const int MaxWriters = 32;

    /// <summary>Writes committed together at most.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Batches in flight at once (one connection each).</summary>
    public int Writers { get; set; } = 3;
}
