namespace Nmpi.Benchmarks;

/// <summary>What the PostgreSQL single-row INSERT reference measured.</summary>
public sealed record PostgresReferenceResult(long Rows, double RowsPerSecond, double P50Milliseconds, double P99Milliseconds, int Connections, TimeSpan Elapsed);
