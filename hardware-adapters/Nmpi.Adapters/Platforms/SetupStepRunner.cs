using Nmpi.Adapters.Execution;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// Runs a job's set-up steps one after the other in its directory, each inside the job's sandbox (the command's memory
/// and process limits, its read-only file system outside the job directory, and no network unless the step needs it)
/// with a time limit, its output written into the job's log under a header line that names its network; stops at the
/// first failure and says which step it was.
/// </summary>
public sealed class SetupStepRunner(JobSandbox sandbox, JobAttempt attempt, TimeSpan stepLimit, TimeSpan killGrace)
{
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PYTHONUNBUFFERED"] = "1",
        ["PIP_NO_INPUT"] = "1",
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",

        // The home directory is read-only in the sandbox; pip would warn about its cache on every step.
        ["PIP_NO_CACHE_DIR"] = "1",

        // A clone that needs credentials fails at once instead of waiting for a password no one will type.
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    /// <summary>Runs the steps; null when all succeeded, otherwise how the job ends.</summary>
    public async Task<SetupFailure?> RunAsync(IReadOnlyList<SetupStep> steps, string jobDirectory, Action<string> log, LeaseHandle handle)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(handle);
        foreach (var step in steps)
        {
            log($"== set-up {step.Key} ({sandbox.NetworkFor(step.NeedsNetwork)}): {step.Description}");
            if (step.CheckPath is { } relative && JobPath.ResolveExisting(jobDirectory, relative, out var problem) is null)
            {
                return new(Outcome.Error, FailureReason.InvalidInput, $"{step.Key}: {step.Description}: {problem}");
            }

            if (await RunStepAsync(step, jobDirectory, log, handle) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private async Task<SetupFailure?> RunStepAsync(SetupStep step, string jobDirectory, Action<string> log, LeaseHandle handle)
    {
        string? lastError = null;
        string? lastErrorLine = null;
        SandboxedProcess process;
        try
        {
            process = await sandbox.StartAsync(attempt, step.Program, step.Arguments, jobDirectory, Environment, step.NeedsNetwork);
        }
        catch (InvalidOperationException e)
        {
            return new(Outcome.Error, FailureReason.PlatformError, $"{step.Key}: {step.Description} could not start: {e.Message}");
        }

        await using (process)
        {
            var reading = Task.WhenAll(
                PumpAsync(process.StandardOutput, log),
                PumpAsync(process.StandardError, line =>
                {
                    log(line);
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        lastError = line;
                        lastErrorLine = IsErrorSummary(line.Trim()) ? line.Trim() : lastErrorLine;
                    }
                }));

            SetupFailure? stopped = null;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(handle.Stopping))
            {
                limit.CancelAfter(stepLimit);
                try
                {
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    stopped = handle.Reason switch
                    {
                        StopReason.Cancelled => new(Outcome.Cancelled, FailureReason.Unspecified, "cancelled"),
                        StopReason.Shutdown => new(Outcome.Error, FailureReason.PlatformError, "the site adapter shut down while the job ran"),
                        _ => new(Outcome.Error, FailureReason.Timeout, $"{step.Key}: {step.Description} took longer than its limit of {stepLimit}"),
                    };
                    await process.KillAsync(killGrace);
                }
            }

            // Children the step left running (a daemon a Makefile started) would keep its output open and outlive it.
            await process.KillRemainingAsync();
            await reading;
            if (stopped is not null)
            {
                return stopped;
            }

            var limits = sandbox.Limits;
            switch (process.Breach(lastError))
            {
                case LimitBreach.Memory:
                    return new(Outcome.Error, FailureReason.Memory, $"{step.Key}: {step.Description}: memory limit of {limits.MemoryText} exceeded");
                case LimitBreach.ProcessLimit:
                    return new(Outcome.Error, FailureReason.ProcessLimit, $"{step.Key}: {step.Description}: process limit of {limits.MaxProcesses} reached; the step was killed at once");
                case LimitBreach.None when process.ExitCode == 0:
                    return null;
            }

            // The tool's own error summary says more than the hint or note lines pip, git and make print after it.
            var why = lastErrorLine ?? lastError ?? $"exit code {process.ExitCode}";
            var reason = step.Key == SpiNNakerSetupPlan.EnvironmentStep ? FailureReason.PlatformError : FailureReason.UserCodeError;
            return new(Outcome.Error, reason, $"{step.Key}: {step.Description} failed: {why}");
        }
    }

    private static bool IsErrorSummary(string line) =>
        line.StartsWith("ERROR:", StringComparison.Ordinal)
        || line.StartsWith("error:", StringComparison.Ordinal)
        || line.StartsWith("fatal:", StringComparison.Ordinal)
        || line.StartsWith("make: ***", StringComparison.Ordinal);

    private static async Task PumpAsync(StreamReader reader, Action<string> write)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            write(line);
        }
    }
}
