namespace Nmpi.Client;

/// <summary>An output file written to disk, checked against the hash the platform recorded.</summary>
public sealed record DownloadedFile(string Path, string LocalPath, long Size, string Sha256);
