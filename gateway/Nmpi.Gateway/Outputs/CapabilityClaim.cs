namespace Nmpi.Gateway.Outputs;

/// <summary>What a capability URL grants: one stored output file of one job, until it expires.</summary>
public sealed record CapabilityClaim(long JobId, string Sha256, string Path, string ContentType, DateTimeOffset ExpiresAt);
