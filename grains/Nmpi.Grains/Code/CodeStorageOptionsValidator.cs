using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Code;

/// <summary>Refuses to start a silo whose code areas could hold nothing or whose unreferenced files would vanish at once.</summary>
public sealed class CodeStorageOptionsValidator : IValidateOptions<CodeStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = CodeStorageOptions.SectionName;
        var failures = new List<string>();
        if (options.UserAreaBytes < 1)
        {
            failures.Add($"{section}:UserAreaBytes must be at least 1.");
        }

        if (options.CollabAreaBytes < 1)
        {
            failures.Add($"{section}:CollabAreaBytes must be at least 1.");
        }

        // An upload is followed by the bundle that names it: a grace of nothing would delete files between the two calls.
        if (options.UnreferencedGrace <= TimeSpan.Zero)
        {
            failures.Add($"{section}:UnreferencedGrace must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
