namespace Nmpi.Adapters.Platforms;

/// <summary>Checks a path a job names against its job directory: relative, inside it, and not through a symbolic link.</summary>
public static class JobPath
{
    /// <summary>Why a relative path named by the job cannot be used, judged from its text alone; null when it stays inside.</summary>
    public static string? TextProblem(string relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            return "is empty";
        }

        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL character";
        }

        if (Path.IsPathRooted(relative) || relative.StartsWith('~'))
        {
            return $"'{relative}' must be relative to the job directory";
        }

        // A fixed stand-in root shows whether ".." components climb out, without touching the disk.
        var root = Path.Combine(Path.GetTempPath(), "nmpi-job-root");
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? null
            : $"'{relative}' leads out of the job directory";
    }

    /// <summary>The absolute path of a relative path inside the job directory; null with a reason when it leads out, passes through a link or is missing.</summary>
    public static string? ResolveExisting(string jobDirectory, string relative, out string? problem)
    {
        problem = TextProblem(relative);
        if (problem is not null)
        {
            return null;
        }

        var root = Path.GetFullPath(jobDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var full = Path.GetFullPath(Path.Combine(root, relative)).TrimEnd(Path.DirectorySeparatorChar);
        var walked = root;
        foreach (var part in Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar).Where(p => p is not ("." or "")))
        {
            walked = Path.Combine(walked, part);
            var info = new FileInfo(walked);
            if (!info.Exists && !Directory.Exists(walked))
            {
                problem = $"'{relative}' does not exist in the job directory";
                return null;
            }

            // A link could point anywhere on the site, so none is followed, even one that points back inside.
            if (info.LinkTarget is not null)
            {
                problem = $"'{relative}' passes through a symbolic link";
                return null;
            }
        }

        return full;
    }
}
