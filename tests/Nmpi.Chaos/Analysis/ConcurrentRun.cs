namespace Nmpi.Chaos.Analysis;

/// <summary>Two runs of the same job's script alive at the same time.</summary>
public sealed record ConcurrentRun(string Key, LedgerRun First, LedgerRun Second);
