using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Jobs;

/// <summary>Refuses to start a silo whose job limits could never hold: a lease adapters cannot keep, no attempt, no time.</summary>
public sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = JobOptions.SectionName;
        var failures = new List<string>();
        if (options.LeaseDuration <= TimeSpan.Zero)
        {
            failures.Add($"{section}:LeaseDuration must be positive.");
        }

        // Adapters are told to beat at this interval: a beat no sooner than the lease's end loses every lease.
        if (options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval >= options.LeaseDuration)
        {
            failures.Add($"{section}:HeartbeatInterval must be positive and shorter than LeaseDuration ({options.LeaseDuration:c}).");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"{section}:MaxAttempts must be at least 1.");
        }

        if (options.CancelGrace <= TimeSpan.Zero)
        {
            failures.Add($"{section}:CancelGrace must be positive.");
        }

        if (options.MaxWallTime <= TimeSpan.Zero)
        {
            failures.Add($"{section}:MaxWallTime must be positive.");
        }

        foreach (var (platform, limit) in options.PlatformWallTime.Where(p => p.Value <= TimeSpan.Zero).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            failures.Add($"{section}:PlatformWallTime:{platform} must be positive (is {limit:c}).");
        }

        if (options.MaxOutputFiles < 1)
        {
            failures.Add($"{section}:MaxOutputFiles must be at least 1.");
        }

        if (options.MaxOutputBytes < 1)
        {
            failures.Add($"{section}:MaxOutputBytes must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
