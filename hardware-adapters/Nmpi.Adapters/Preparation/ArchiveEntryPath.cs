namespace Nmpi.Adapters.Preparation;

/// <summary>Where an archive entry may land: only strictly inside the destination directory.</summary>
public static class ArchiveEntryPath
{
    /// <summary>The entry's absolute path under the destination; refuses empty, absolute and escaping names.</summary>
    public static string Resolve(string destination, string entryName)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(entryName);

        // Archives made on Windows may separate with backslashes; treating them as separators is the safe reading.
        var name = entryName.Replace('\\', '/');
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new JobPreparationException("the archive contains an entry without a valid name");
        }

        if (name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
        {
            throw new JobPreparationException($"the archive contains an absolute path: {entryName}");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, name)));
        if (full != root && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new JobPreparationException($"the archive contains a path leading out of the job directory: {entryName}");
        }

        return full;
    }
}
