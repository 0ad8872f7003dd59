namespace Nmpi.Adapters;

/// <summary>A job's working directory: where its code is written, where it runs, and where its outputs are found.</summary>
public sealed class JobWorkspace
{
    private static readonly EnumerationOptions AllFiles = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    private Dictionary<string, (long Length, DateTime WrittenAt)> _before = [];
    private string[] _excluded;

    private JobWorkspace(string directory)
    {
        Directory = directory;

        // The job's home, temporary files and caches are not results.
        _excluded = [Path.Combine(directory, Execution.SandboxEnvironment.PrivateDirectory) + Path.DirectorySeparatorChar];
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// Creates an empty <c>job_&lt;id&gt;.&lt;epoch&gt;</c> directory under the root (one per attempt, so another attempt of
    /// the job never shares or deletes it), replacing one a crashed run of the same attempt left; the root is made 0700,
    /// so no other account on the machine lists or reads jobs' files.
    /// </summary>
    public static JobWorkspace Create(string root, JobAttempt attempt)
    {
        var full = Path.GetFullPath(root);
        System.IO.Directory.CreateDirectory(full);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var directory = Path.Combine(full, attempt.Name);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
        return new JobWorkspace(directory);
    }

    /// <summary>Deletes the directory and everything in it (links are removed, never followed).</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>The absolute path of a relative path inside the directory; null when it would lead out of it.</summary>
    public string? Resolve(string relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Directory, relative));
        return full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>Remembers every file as it is now, so the run's new and changed files can be told apart.</summary>
    public void Snapshot() =>
        _before = System.IO.Directory.EnumerateFiles(Directory, "*", AllFiles)
            .ToDictionary(p => p, p => (new FileInfo(p).Length, File.GetLastWriteTimeUtc(p)), StringComparer.Ordinal);

    /// <summary>Never reports files under these relative directories (a job-local environment, set-up clones) as outputs.</summary>
    public void ExcludeFromOutputs(IEnumerable<string> relativeDirectories) =>
        _excluded = [.. _excluded, .. relativeDirectories.Select(d => Path.Combine(Directory, d) + Path.DirectorySeparatorChar)];

    /// <summary>Relative paths of the files created or modified since the snapshot, in a stable order.</summary>
    public IReadOnlyList<string> ChangedFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", AllFiles)
            .Where(p => !_before.TryGetValue(p, out var was) || was != (new FileInfo(p).Length, File.GetLastWriteTimeUtc(p)))
            .Where(p => !_excluded.Any(d => p.StartsWith(d, StringComparison.Ordinal)))
            .Select(p => Path.GetRelativePath(Directory, p))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
