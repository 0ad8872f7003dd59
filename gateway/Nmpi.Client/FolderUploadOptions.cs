namespace Nmpi.Client;

/// <summary>What to leave out of a folder upload, and where to report progress.</summary>
public sealed class FolderUploadOptions
{
    /// <summary>
    /// Files or folders to leave out besides the defaults (names starting with a dot, __pycache__, *.pyc, links),
    /// e.g. the output folder or a config file that holds a token. Absolute, or relative to the uploaded folder.
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Reports the bytes sent while missing files are uploaded.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }
}
