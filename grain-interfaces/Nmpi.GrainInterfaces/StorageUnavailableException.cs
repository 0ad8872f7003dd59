namespace Nmpi.GrainInterfaces;

/// <summary>
/// A grain call failed on the database (PostgreSQL unreachable, a connection cut by a crash, a deadlock not resolved
/// by retries). It replaces the database driver's exception at the grain boundary: that one cannot be serialized to
/// a caller in another process, and its text may quote data.
/// </summary>
[GenerateSerializer, Alias("nmpi.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, bool transient, string? sqlState)
        : base(message)
    {
        Transient = transient;
        SqlState = sqlState;
    }

    /// <summary>Whether the same call may succeed when tried again (the driver's judgement).</summary>
    [Id(0)] public bool Transient { get; private set; }

    /// <summary>PostgreSQL's SQLSTATE, when the server answered one.</summary>
    [Id(1)] public string? SqlState { get; private set; }
}
