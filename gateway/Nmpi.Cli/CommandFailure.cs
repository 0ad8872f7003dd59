namespace Nmpi.Cli;

/// <summary>A failure nmpi explains in one line of advice and ends with a documented exit code.</summary>
public sealed class CommandFailure : Exception
{
    public CommandFailure()
    {
    }

    public CommandFailure(string message)
        : base(message)
    {
    }

    public CommandFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFailure(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = ExitCodes.Usage;

    /// <summary>A usage or configuration error.</summary>
    public static CommandFailure Usage(string message) => new(ExitCodes.Usage, message);
}
