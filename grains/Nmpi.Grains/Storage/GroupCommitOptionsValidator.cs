using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Storage;

/// <summary>Refuses to start a silo whose group commit could write nothing or hold the connection pool.</summary>
public sealed class GroupCommitOptionsValidator : IValidateOptions<GroupCommitOptions>
{
    public ValidateOptionsResult Validate(string? name, GroupCommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = GroupCommitOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxBatch is < 1 or > GroupCommitOptions.MaxBatchLimit)
        {
            failures.Add($"{section}:MaxBatch must be 1 to {GroupCommitOptions.MaxBatchLimit}.");
        }

        if (options.Writers is < 1 or > GroupCommitOptions.MaxWriters)
        {
            failures.Add($"{section}:Writers must be 1 to {GroupCommitOptions.MaxWriters}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
