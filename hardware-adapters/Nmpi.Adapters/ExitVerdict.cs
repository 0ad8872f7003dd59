using Nmpi.Adapters.Execution;
using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>Tells from how a job's command exited whose failure it was: the job's (its code ran) or the platform's (it never did).</summary>
public static class ExitVerdict
{
    /// <summary>
    /// The end of a command that exited by itself (not stopped by the adapter). <paramref name="codeStarted"/> says whether
    /// the sandbox announced the start of the job's code (<see cref="SandboxedProcess.StartMarker"/>); without it any exit
    /// is the sandbox's failure (cgroup gone, bwrap refused, program missing), so the job is retried, not blamed.
    /// </summary>
    public static RunEnd Of(bool codeStarted, LimitBreach breach, int exitCode, string? lastError, JobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (!codeStarted)
        {
            return RunEnd.PlatformFailure(lastError is null
                ? $"the site's sandbox failed before the job's code started (exit code {exitCode})"
                : $"the site's sandbox failed before the job's code started (exit code {exitCode}): {lastError}");
        }

        return breach switch
        {
            LimitBreach.Memory => new RunEnd(Outcome.Error, FailureReason.Memory, $"memory limit of {limits.MemoryText} exceeded"),
            LimitBreach.ProcessLimit => new RunEnd(Outcome.Error, FailureReason.ProcessLimit, $"process limit of {limits.MaxProcesses} reached; the job was killed at once"),
            _ when exitCode == 0 => new RunEnd(Outcome.Finished, FailureReason.Unspecified, ""),
            _ => new RunEnd(Outcome.Error, FailureReason.UserCodeError, lastError is null
                ? $"the script exited with code {exitCode}"
                : $"the script exited with code {exitCode}: {lastError}"),
        };
    }
}
