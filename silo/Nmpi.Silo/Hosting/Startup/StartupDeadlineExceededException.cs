namespace Nmpi.Silo.Hosting.Startup;

/// <summary>The silo did not start within its configured start-up deadline; the process exits non-zero.</summary>
public sealed class StartupDeadlineExceededException(string message, Exception? lastError) : Exception(message, lastError);
