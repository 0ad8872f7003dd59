using Microsoft.Extensions.Options;
using Nmpi.Grains.Jobs;
using Orleans.Configuration;

namespace Nmpi.Grains.Scheduling;

/// <summary>
/// Refuses to start a silo whose scheduling timings contradict each other or the cluster's: a long-poll that outlasts the
/// Orleans response timeout fails every idle lease call, and a sweep slower than a lease or a cancel grace enforces them late.
/// </summary>
public sealed class SchedulerOptionsValidator(IOptions<JobOptions> jobs, IOptions<SiloMessagingOptions> messaging) : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = SchedulerOptions.SectionName;
        var failures = new List<string>();
        var responseTimeout = messaging.Value.ResponseTimeout;
        if (options.MaxLongPoll <= TimeSpan.Zero || options.MaxLongPoll >= responseTimeout)
        {
            failures.Add($"{section}:MaxLongPoll must be positive and shorter than the Orleans response timeout ({responseTimeout:c}).");
        }

        if (options.ResyncInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:ResyncInterval must be positive.");
        }

        if (options.TakenTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:TakenTimeout must be positive.");
        }

        if (options.AdapterOnlineWindow <= TimeSpan.Zero)
        {
            failures.Add($"{section}:AdapterOnlineWindow must be positive.");
        }

        var job = jobs.Value;
        var shortestGrace = job.LeaseDuration < job.CancelGrace ? job.LeaseDuration : job.CancelGrace;
        if (options.SweepInterval <= TimeSpan.Zero || options.SweepInterval > shortestGrace)
        {
            failures.Add($"{section}:SweepInterval must be positive and at most the shorter of {JobOptions.SectionName}:LeaseDuration and CancelGrace ({shortestGrace:c}).");
        }

        if (options.SweepBatch < 1)
        {
            failures.Add($"{section}:SweepBatch must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
