using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Jobs;

/// <summary>The caps on a job's outputs: how many files and how many bytes in all (a file at a path already stored replaces it).</summary>
public static class OutputLimits
{
    /// <summary>Why an output of this size at this path does not fit, or null when it does.</summary>
    public static string? Refusal(IReadOnlyList<OutputFile> outputs, string path, long size, int maxFiles, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var replaced = outputs.FirstOrDefault(o => string.Equals(o.Path, path, StringComparison.Ordinal));
        if (replaced is null && outputs.Count >= maxFiles)
        {
            return $"the job already has {outputs.Count} output files, the most one job may have; {path} was not stored";
        }

        var others = outputs.Sum(o => o.Size) - (replaced?.Size ?? 0);
        return others + size > maxBytes
            ? $"the job's outputs would add up to {others + size} bytes, more than the {maxBytes} one job may store; {path} was not stored"
            : null;
    }

    /// <summary>The most bytes a file at this path may have and still fit (zero or less: none fits).</summary>
    public static long BytesLeft(IReadOnlyList<OutputFile> outputs, string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return maxBytes - outputs.Where(o => !string.Equals(o.Path, path, StringComparison.Ordinal)).Sum(o => o.Size);
    }
}
