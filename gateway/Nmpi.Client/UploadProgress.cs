namespace Nmpi.Client;

/// <summary>How far a code upload is: bytes of the current file and of all files that had to be sent.</summary>
public sealed record UploadProgress(string Path, long FileBytes, long FileSize, long TotalBytes, long TotalSize);
