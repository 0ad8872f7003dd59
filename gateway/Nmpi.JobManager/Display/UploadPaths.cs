namespace Nmpi.JobManager.Display;

/// <summary>The paths of uploaded code files (a chosen folder or a zip's entries) as a code bundle names them.</summary>
public static class UploadPaths
{
    /// <summary>
    /// A path with '/' separators and no empty, '.' or '..' segments, or null for one that would leave the job's directory.
    /// </summary>
    public static string? Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Replace('\\', '/');
        if (text.StartsWith('/') || text.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        return segments.Count == 0 || segments.Contains("..") ? null : string.Join('/', segments);
    }

    /// <summary>Whether a file is left out, as the CLI leaves it out of a folder upload (hidden files, caches, macOS zip extras).</summary>
    public static bool IsSkipped(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var segments = normalized.Split('/');
        return segments.Any(s => s.StartsWith('.') || s is "__pycache__" or "__MACOSX") || normalized.EndsWith(".pyc", StringComparison.Ordinal);
    }

    /// <summary>
    /// Drops the one folder every path starts with (a chosen folder's own name, or the folder a zip was made of), so that
    /// <c>run.py</c> lands at the top of the job's directory as the default command expects.
    /// </summary>
    public static IReadOnlyList<string> WithoutCommonFolder(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0 || paths.Any(p => !p.Contains('/', StringComparison.Ordinal)))
        {
            return paths;
        }

        var first = paths[0][..(paths[0].IndexOf('/', StringComparison.Ordinal) + 1)];
        return paths.All(p => p.StartsWith(first, StringComparison.Ordinal)) ? [.. paths.Select(p => p[first.Length..])] : paths;
    }
}
