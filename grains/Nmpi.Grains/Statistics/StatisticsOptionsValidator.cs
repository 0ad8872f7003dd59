using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Statistics;

/// <summary>Refuses to start a silo whose statistics limits would refuse every question or fail at request time.</summary>
public sealed class StatisticsOptionsValidator : IValidateOptions<StatisticsOptions>
{
    public ValidateOptionsResult Validate(string? name, StatisticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CacheFor < TimeSpan.Zero)
        {
            failures.Add($"{StatisticsOptions.SectionName}:CacheFor must not be negative.");
        }

        if (options.MaxQuestions < 1)
        {
            failures.Add($"{StatisticsOptions.SectionName}:MaxQuestions must be at least 1 (0 would refuse every question).");
        }

        if (options.MaxConcurrentScans < 1)
        {
            failures.Add($"{StatisticsOptions.SectionName}:MaxConcurrentScans must be at least 1.");
        }

        if (options.MaxWait < TimeSpan.Zero)
        {
            failures.Add($"{StatisticsOptions.SectionName}:MaxWait must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
