using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Platforms;
using Nmpi.Adapters.Preparation;
using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>Runs one leased job: prepares its directory, runs its script as a process group, streams its log, uploads its outputs, ends it.</summary>
public sealed partial class JobRunner(IOptions<AdapterOptions> options, JobPreparation preparation, JobSandbox sandbox, TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly AdapterOptions _options = options.Value;
    private readonly SitePlatform _platform = new(options.Value, time);

    /// <summary>Runs the job; returns false when it was stopped before it started (so it can be given back).</summary>
    public async Task<bool> RunAsync(AdapterSession session, LeasedJob leased, LeaseHandle handle, CancellationToken giveUp)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(handle);
        var reports = new JobReports(session, leased.Lease, giveUp);
        var run = new RunContext(session, leased.Job, leased.Lease, reports);
        try
        {
            return await RunCheckedAsync(run, handle);
        }
        catch (LeaseFencedException)
        {
            AdapterLog.Fenced(logger, leased.Job.Id);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !giveUp.IsCancellationRequested)
        {
            AdapterLog.RunFailed(logger, leased.Job.Id, e);
            await TryCompleteAsync(run, new RunEnd(Outcome.Error, FailureReason.PlatformError, "the site adapter failed while running the job"), TimeSpan.Zero);
            return true;
        }
    }

    private async Task<bool> RunCheckedAsync(RunContext run, LeaseHandle handle)
    {
        var job = run.Job;
        if (_platform.Check(job) is { } invalid)
        {
            await CompleteAsync(run, new RunEnd(invalid.Outcome, invalid.Reason, invalid.Message), TimeSpan.Zero);
            return true;
        }

        var command = JobCommand.Parse(job.Command, _options.Backend);
        var attempt = JobAttempt.Of(run.Lease);
        var workspace = JobWorkspace.Create(_options.WorkDirectory, attempt);
        using var identity = sandbox.Reserve(attempt);
        try
        {
            return await RunInWorkspaceAsync(run, handle, command, workspace);
        }
        finally
        {
            // Once its outputs are uploaded no one needs the job's files here; kept only when the site debugs.
            if (!_options.KeepJobDirectories)
            {
                workspace.Delete();
            }
        }
    }

    private async Task<bool> RunInWorkspaceAsync(RunContext run, LeaseHandle handle, JobCommand command, JobWorkspace workspace)
    {
        var job = run.Job;
        if (workspace.Resolve(command.Script) is not { } script)
        {
            await CompleteAsync(run, new RunEnd(Outcome.Error, FailureReason.InvalidInput, $"the script path {command.Script} leads out of the job's directory"), TimeSpan.Zero);
            return true;
        }

        try
        {
            await preparation.PrepareAsync(job, workspace, command.Script, handle.Stopping, new LeasedBundle(run.Session, run.Lease));
        }
        catch (JobPreparationException e)
        {
            await CompleteAsync(run, new RunEnd(Outcome.Error, e.Reason, e.Message), TimeSpan.Zero);
            return true;
        }
        catch (OperationCanceledException) when (handle.Stopping.IsCancellationRequested)
        {
            return await EndStoppedBeforeStartAsync(run, handle);
        }

        workspace.Snapshot();
        if (handle.Stopping.IsCancellationRequested)
        {
            return await EndStoppedBeforeStartAsync(run, handle);
        }

        await run.Reports.MarkRunningAsync();
        handle.MarkStarted();
        var setup = await _platform.PrepareAsync(job, workspace.Directory, run.Reports, handle, sandbox);
        run = run with { Reports = setup.Reports, Python = setup.Python, SetupSandboxes = setup.StepSandboxes };
        if (await LeaseLostAsync(run, handle, 0))
        {
            return true;
        }

        if (setup.Failure is { } failed)
        {
            await CompleteAsync(run, new RunEnd(failed.Outcome, failed.Reason, failed.Message), TimeSpan.Zero);
            return true;
        }

        // Set-up products (the environment, clones, builds) are neither charged nor reported as outputs.
        workspace.ExcludeFromOutputs(setup.ExcludedFromOutputs);
        workspace.Snapshot();
        var started = Stopwatch.StartNew();
        var (end, logChunks) = await ExecuteAsync(run, command, script, workspace, handle);
        var elapsed = started.Elapsed;
        if (await LeaseLostAsync(run, handle, logChunks))
        {
            return true;
        }

        if (end.Retry)
        {
            // No end is reported: the lease lapses and the platform runs the job again, as after any failure of a site.
            GivenUpForRetry(logger, run.Job.Id, run.Lease.Epoch, end.Message);
            await run.Reports.AppendLogAsync(logChunks, $"[nmpi] {end.Message}; the platform runs the job again");
            return true;
        }

        if (await UploadOutputsAsync(run, [.. workspace.ChangedFiles().Where(p => workspace.Resolve(p) != script)], workspace.Directory) is { } notice)
        {
            await run.Reports.AppendLogAsync(logChunks, notice);
        }

        await CompleteAsync(run, end, elapsed);
        return true;
    }

    /// <summary>Uploads the outputs until the platform refuses one by the job's output caps; then says in a log line what was left out.</summary>
    private async Task<string?> UploadOutputsAsync(RunContext run, IReadOnlyList<string> paths, string directory)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            try
            {
                await run.Reports.UploadAsync(directory, paths[i]);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.ResourceExhausted)
            {
                // The caps are the job's, not the file's: the next files would be refused too, so none is sent.
                var left = paths.Count - i;
                OutputsLeftOut(logger, run.Job.Id, left, e.Status.Detail);
                return $"[nmpi] {left} of {paths.Count} output files were not stored, from {paths[i]} on: {e.Status.Detail}";
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "Job {JobId}: {Left} output files not uploaded: {Reason}")]
    private static partial void OutputsLeftOut(ILogger logger, long jobId, int left, string reason);

    [LoggerMessage(EventId = 91, Level = LogLevel.Warning, Message = "Job {JobId} (epoch {Epoch}): {Failure}; giving the lease up so the platform runs the job again")]
    private static partial void GivenUpForRetry(ILogger logger, long jobId, long epoch, string failure);

    private async Task<(RunEnd End, long LogChunks)> ExecuteAsync(RunContext run, JobCommand command, string script, JobWorkspace workspace, LeaseHandle handle)
    {
        var limit = run.Job.WallTimeLimit?.ToTimeSpan() ?? _options.DefaultWallTimeLimit;
        var log = new JobLogStream(run.Reports.AppendLogAsync, _options.MaxLogBytes, time);
        var sending = log.RunAsync();
        string? lastError = null;
        var environment = new Dictionary<string, string>(_options.JobEnvironment, StringComparer.Ordinal) { ["PYTHONUNBUFFERED"] = "1" };
        if (run.Python is { } venvPython)
        {
            // As if the job's environment were activated: a script that starts `python` or a tool gets the venv's.
            var venv = Path.GetDirectoryName(Path.GetDirectoryName(venvPython))!;
            environment["VIRTUAL_ENV"] = venv;
            environment["PATH"] = $"{Path.Combine(venv, "bin")}:{SandboxEnvironment.Path}";
        }

        SandboxedProcess group;
        try
        {
            group = await sandbox.StartAsync(
                JobAttempt.Of(run.Lease), run.Python ?? _options.Python, [script, .. command.Arguments], workspace.Directory, environment, announceStart: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            log.Complete();
            await sending;
            return (RunEnd.PlatformFailure($"the site's sandbox could not start the job: {e.Message}"), log.Sent);
        }

        await using var owned = group;
        var codeStarted = false;
        var reading = Task.WhenAll(
            PumpAsync(group.StandardOutput, log.Write),
            PumpAsync(group.StandardError, line =>
            {
                if (!codeStarted && line == SandboxedProcess.StartMarker)
                {
                    // Written by the sandbox before the job's code, as its first line: the job's own output follows it.
                    codeStarted = true;
                    return;
                }

                log.Write(line);
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lastError = line;
                }
            }));

        RunEnd? stopped = null;
        using (var wallClock = CancellationTokenSource.CreateLinkedTokenSource(handle.Stopping))
        {
            wallClock.CancelAfter(limit);
            try
            {
                await group.WaitForExitAsync(wallClock.Token);
            }
            catch (OperationCanceledException)
            {
                stopped = handle.Reason switch
                {
                    StopReason.Cancelled => new RunEnd(Outcome.Cancelled, FailureReason.Unspecified, "cancelled"),
                    StopReason.Shutdown => new RunEnd(Outcome.Error, FailureReason.PlatformError, "the site adapter shut down while the job ran"),
                    StopReason.LeaseLost => new RunEnd(Outcome.Error, FailureReason.PlatformError, "the site adapter could not renew the job's lease"),
                    _ => new RunEnd(Outcome.Error, FailureReason.Timeout, $"wall-time limit of {limit} exceeded"),
                };
                await group.KillAsync(_options.KillGrace);
            }
        }

        // Children the script left running would keep its output open and outlive the job.
        await group.KillRemainingAsync();
        await reading;
        log.Complete();
        await sending;
        if (stopped is not null)
        {
            return (stopped, log.Sent);
        }

        return (ExitVerdict.Of(codeStarted, group.Breach(lastError), group.ExitCode, lastError, sandbox.Limits), log.Sent);
    }

    /// <summary>True when the run was killed for want of a lease renewal: then nothing is uploaded or completed, as the gateway queues the job again.</summary>
    private async Task<bool> LeaseLostAsync(RunContext run, LeaseHandle handle, long logSeq)
    {
        if (handle.Reason == StopReason.LeaseLost && await run.Reports.TellLeaseLostAsync(logSeq))
        {
            AdapterLog.LossReported(logger, run.Job.Id);
        }

        return handle.Reason == StopReason.LeaseLost;
    }

    private async Task<bool> EndStoppedBeforeStartAsync(RunContext run, LeaseHandle handle)
    {
        if (handle.Reason == StopReason.Cancelled)
        {
            await CompleteAsync(run, new RunEnd(Outcome.Cancelled, FailureReason.Unspecified, "cancelled before it started"), TimeSpan.Zero);
            return true;
        }

        return false;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> write)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            write(line);
        }
    }

    private async Task CompleteAsync(RunContext run, RunEnd end, TimeSpan elapsed)
    {
        var usage = _platform.Usage(run.Job, elapsed);
        var provenance = new Struct
        {
            Fields =
            {
                ["adapter"] = Value.ForString(run.Session.AdapterId),
                ["platform"] = Value.ForString(_options.Platform),
                ["backend"] = Value.ForString(_options.Backend),
                ["python"] = Value.ForString(run.Session.PythonVersion),
                ["sandbox"] = Value.ForString(sandbox.Description),
            },
        };
        if (run.SetupSandboxes is { Count: > 0 } setupSandboxes)
        {
            // The set-up steps ran in the same sandbox as the command (the wheel download with the network); the adapter fetched the rest.
            var steps = new Struct();
            foreach (var (key, description) in setupSandboxes)
            {
                steps.Fields[key] = Value.ForString(description);
            }

            provenance.Fields["setup_sandbox"] = Value.ForStruct(steps);
        }

        await _platform.AddSoftwareAsync(provenance, run.Python);
        await run.Reports.CompleteAsync(end.Outcome, end.Reason, end.Message, usage, provenance);
        AdapterLog.Ended(logger, run.Job.Id, end.Outcome.ToString(), end.Reason.ToString());
    }

    private async Task TryCompleteAsync(RunContext run, RunEnd end, TimeSpan elapsed)
    {
        try
        {
            await CompleteAsync(run, end, elapsed);
        }
        catch (LeaseFencedException)
        {
            AdapterLog.Fenced(logger, run.Job.Id);
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException)
        {
            AdapterLog.RunFailed(logger, run.Job.Id, e);
        }
    }

    private sealed record RunContext(
        AdapterSession Session, Job Job, LeaseRef Lease, JobReports Reports, string? Python = null, IReadOnlyDictionary<string, string>? SetupSandboxes = null);
}
