namespace Nmpi.Gateway.Outputs;

/// <summary>A file committed to the artifact store: its lowercase hex SHA-256 and size in bytes.</summary>
public sealed record StoredArtifact(string Sha256, long Size);
