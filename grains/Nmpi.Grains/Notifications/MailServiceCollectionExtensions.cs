using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Notifications;

/// <summary>Registers e-mail: the outbox, the job and request messages, and the background sender.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>Binds Nmpi:Mail and adds the mail services; the sender runs only when a host is configured.</summary>
    public static IServiceCollection AddNmpiMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection("Nmpi:Mail"))
            .Validate(o => !o.Enabled || MimeKit.MailboxAddress.TryParse(o.From, out _), "Nmpi:Mail:From must be an e-mail address when Nmpi:Mail:Host is set.")
            .Validate(o => o.Port is > 0 and < 65536 && o.MaxAttempts > 0 && o.BatchSize > 0, "Nmpi:Mail: Port, MaxAttempts and BatchSize must be positive.")
            .Validate(o => o.CatchUpInterval > TimeSpan.Zero && o.CatchUpWindow > TimeSpan.Zero && o.CatchUpGrace >= TimeSpan.Zero, "Nmpi:Mail: CatchUpInterval and CatchUpWindow must be positive, CatchUpGrace not negative.")
            .Validate(o => o.VerificationCodeLifetime > TimeSpan.Zero && o.VerificationResendInterval >= TimeSpan.Zero, "Nmpi:Mail: VerificationCodeLifetime must be positive, VerificationResendInterval not negative.")
            .ValidateOnStart();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<JobMails>();
        services.AddSingleton<RequestMails>();
        services.AddSingleton<Accounts.EmailVerificationStore>();
        services.AddSingleton<VerificationMails>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<MailSender>());
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<JobMails>());
        return services;
    }
}
