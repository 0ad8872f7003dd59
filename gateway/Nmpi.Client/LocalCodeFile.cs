namespace Nmpi.Client;

/// <summary>One file of a local code folder: its path in the bundle, where it is on disk, its size, digest and mode.</summary>
public sealed record LocalCodeFile(string Path, string FullPath, long Size, string Sha256, bool Executable);
