namespace Nmpi.Adapters.Execution;

/// <summary>The caps of one job: bytes of memory for all its processes together and how many processes it may run at once.</summary>
public sealed record JobLimits(long MemoryBytes, int MaxProcesses)
{
    /// <summary>The memory limit as people read it, e.g. "200 MiB".</summary>
    public string MemoryText =>
        MemoryBytes % (1L << 30) == 0 ? $"{MemoryBytes >> 30} GiB"
        : MemoryBytes % (1L << 20) == 0 ? $"{MemoryBytes >> 20} MiB"
        : $"{MemoryBytes} bytes";
}
