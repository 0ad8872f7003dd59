using System.Security.Cryptography;

namespace Nmpi.Client;

/// <summary>
/// The files of a local code folder as a bundle sees them: relative paths with '/', SHA-256 digests and executable bits.
/// Links are never followed (a bundle is what the folder holds, not what it points to).
/// </summary>
public static class CodeFolder
{
    /// <summary>The most files one bundle may hold (the platform's manifest limit).</summary>
    public const int MaxFiles = 10_000;

    /// <summary>Lists and hashes the folder's files, sorted by path, leaving out the defaults and the given paths.</summary>
    public static async Task<IReadOnlyList<LocalCodeFile>> ScanAsync(string folder, IReadOnlyList<string> exclude, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The code folder {root} does not exist.");
        }

        var excluded = exclude.Select(e => Path.TrimEndingDirectorySeparator(Path.GetFullPath(e, root))).ToHashSet(StringComparer.Ordinal);
        var found = new List<(string Relative, string Full)>();
        Walk(root, "", excluded, found);
        if (found.Count > MaxFiles)
        {
            throw new NmpiException($"{root} holds {found.Count} files; a code bundle may hold at most {MaxFiles}. Leave data files out of the code folder.");
        }

        var files = new List<LocalCodeFile>(found.Count);
        foreach (var (relative, full) in found.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0;
            files.Add(new LocalCodeFile(relative, full, stream.Length, digest, executable));
        }

        return files;
    }

    /// <summary>Whether a file or folder name is left out of every upload.</summary>
    public static bool IsSkippedByDefault(string name, bool isDirectory) =>
        name.StartsWith('.')
        || (isDirectory && name == "__pycache__")
        || (!isDirectory && name.EndsWith(".pyc", StringComparison.Ordinal));

    private static void Walk(string directory, string prefix, HashSet<string> excluded, List<(string, string)> found)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            var isDirectory = entry is DirectoryInfo;
            if (entry.LinkTarget is not null || IsSkippedByDefault(entry.Name, isDirectory) || excluded.Contains(entry.FullName))
            {
                continue;
            }

            var relative = prefix + entry.Name;
            if (isDirectory)
            {
                Walk(entry.FullName, relative + "/", excluded, found);
            }
            else if (entry is FileInfo)
            {
                found.Add((relative, entry.FullName));
            }
        }
    }
}
