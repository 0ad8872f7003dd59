using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Notifications;

/// <summary>Refuses to start a silo whose mail settings would fail at the first message.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = MailOptions.SectionName;
        var failures = new List<string>();
        if (options.Enabled && !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{section}:From must be an e-mail address when {section}:Host is set.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{section}:Port must be 1 to 65535.");
        }

        if (options.MaxAttempts < 1 || options.BatchSize < 1)
        {
            failures.Add($"{section}:MaxAttempts and BatchSize must be at least 1.");
        }

        if (options.CatchUpInterval <= TimeSpan.Zero || options.CatchUpWindow <= TimeSpan.Zero || options.CatchUpGrace < TimeSpan.Zero)
        {
            failures.Add($"{section}:CatchUpInterval and CatchUpWindow must be positive, CatchUpGrace not negative.");
        }

        if (options.VerificationCodeLifetime <= TimeSpan.Zero || options.VerificationResendInterval < TimeSpan.Zero)
        {
            failures.Add($"{section}:VerificationCodeLifetime must be positive, VerificationResendInterval not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
