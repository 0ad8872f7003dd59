namespace Nmpi.Cli;

/// <summary>The documented exit codes of nmpi (README.md and docs/cli.md list them).</summary>
public static class ExitCodes
{
    /// <summary>Everything worked; a job that was waited for finished.</summary>
    public const int Ok = 0;

    /// <summary>A job that was waited for, or found by check, ended in error or was cancelled.</summary>
    public const int JobFailed = 1;

    /// <summary>Bad options, a missing or broken nmpi_config.yml, no token, a missing script, a local file problem.</summary>
    public const int Usage = 2;

    /// <summary>The server refused: bad or expired token, no access, not found, invalid job, quota exhausted.</summary>
    public const int Refused = 3;

    /// <summary>The server could not be reached, or did not answer in time.</summary>
    public const int Unreachable = 4;

    /// <summary>A job asked for has not ended yet (download, check).</summary>
    public const int NotFinished = 5;

    /// <summary>Interrupted with Ctrl-C (jobs already submitted go on).</summary>
    public const int Interrupted = 130;
}
