using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.Outputs;

/// <summary>The artifact directory: uploads land in <c>tmp/</c> and are renamed to <c>sha256/&lt;first2&gt;/&lt;hash&gt;</c>.</summary>
public sealed partial class ArtifactStore
{
    private readonly string _root;

    public ArtifactStore(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(options.Value.ArtifactDirectory);
    }

    private ArtifactStore(string root)
    {
        _root = root;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}(/[a-z0-9][a-z0-9_-]{0,63})*$")]
    private static partial Regex AreaPattern();

    /// <summary>A store of its own in a subdirectory (e.g. one owner's code files): the same layout, separate content.</summary>
    public ArtifactStore Area(string relativeDirectory)
    {
        if (!AreaPattern().IsMatch(relativeDirectory) || relativeDirectory is "sha256" or "tmp" || relativeDirectory.StartsWith("sha256/", StringComparison.Ordinal) || relativeDirectory.StartsWith("tmp/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativeDirectory}' is not a valid area name.", nameof(relativeDirectory));
        }

        return new ArtifactStore(Path.Combine(_root, relativeDirectory));
    }

    /// <summary>The size of a stored file, or null when it is not in the store.</summary>
    public long? SizeOf(string sha256)
    {
        if (!Sha256Pattern().IsMatch(sha256))
        {
            return null;
        }

        var file = new FileInfo(PathOf(sha256));
        return file.Exists ? file.Length : null;
    }

    /// <summary>Starts an upload into a temporary file; at most maxBytes are accepted.</summary>
    public ArtifactUpload BeginUpload(long maxBytes)
    {
        var temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(temp);
        return new ArtifactUpload(this, Path.Combine(temp, Guid.NewGuid().ToString("N")), maxBytes);
    }

    /// <summary>Opens a stored file for reading, or returns null when it is not in the store.</summary>
    public FileStream? OpenRead(string sha256)
    {
        if (!Sha256Pattern().IsMatch(sha256))
        {
            return null;
        }

        try
        {
            return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a stored file; true when it was there.</summary>
    public bool Delete(string sha256)
    {
        if (!Sha256Pattern().IsMatch(sha256))
        {
            return false;
        }

        var file = new FileInfo(PathOf(sha256));
        if (!file.Exists)
        {
            return false;
        }

        file.Delete();
        return true;
    }

    /// <summary>Moves a finished temporary file to its content address; an existing copy wins and the temp file goes.</summary>
    internal void Commit(string tempPath, string sha256)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
        {
            File.Delete(tempPath);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(tempPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // A concurrent upload of the same content got there first; its copy is identical.
            File.Delete(tempPath);
        }
    }

    private string PathOf(string sha256) => Path.Combine(_root, "sha256", sha256[..2], sha256);
}
