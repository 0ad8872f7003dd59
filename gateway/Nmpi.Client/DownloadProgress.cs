namespace Nmpi.Client;

/// <summary>How far a download is: bytes of the current file and of all files.</summary>
public sealed record DownloadProgress(string Path, long FileBytes, long FileSize, long TotalBytes, long TotalSize);
