namespace Nmpi.Client;

/// <summary>
/// A folder uploaded as a code bundle: its id for <see cref="JobSource.Bundle(string)"/>, and how much had to be sent
/// (files the platform already held are never sent again).
/// </summary>
public sealed record FolderUpload(string BundleId, IReadOnlyList<LocalCodeFile> Files, int Uploaded, int Unchanged, long UploadedBytes, long TotalBytes);
